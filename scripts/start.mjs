// `npm start`: builds what the reference server needs and starts it.
// The reference server (examples/reference-server) arrives with issue #6; until then this says so.
console.log(
  "Lair Chat for TypeScript: the reference server arrives with its issue (#6). Run `npm test` meanwhile.",
);

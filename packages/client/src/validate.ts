/**
 * @lair-chat/client/validate — `schemaValidator`, which checks every server response and message
 * against the protocol's zod schemas. The Node entry uses it by default; a browser app opts in
 * with `createLairClient({ ..., validator: schemaValidator })` (adds zod to the bundle).
 */
export { schemaValidator } from "./validation/schema-validator.ts";
export { type ServerMessageResult, trustingValidator, type Validator } from "./validation/validator.ts";

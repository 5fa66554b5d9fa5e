/** The value a protocol schema produces, for the few response types the protocol package does not name. */
export type SchemaOutput<S> = S extends { parse(data: unknown): infer T } ? T : never;

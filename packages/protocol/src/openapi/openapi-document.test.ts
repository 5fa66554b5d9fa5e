import { describe, expect, it } from "vitest";
import { HTTP_ROUTES } from "../schemas/http/routes.ts";
import { HTTP_STREAM_ROUTES } from "../schemas/http/stream-routes.ts";
import { buildOpenApiDocument } from "./openapi-document.ts";

type Doc = {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
};

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

describe("buildOpenApiDocument", () => {
  const doc = buildOpenApiDocument({ version: "9.9.9", servers: ["https://chat.example"] }) as unknown as Doc;

  it("is an OpenAPI 3.1 document of plain JSON", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.version).toBe("9.9.9");
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it("lists every route with its method and success status", () => {
    for (const route of [...HTTP_ROUTES, ...HTTP_STREAM_ROUTES]) {
      const op = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(op?.operationId).toBe(route.operationId);
      expect(op?.responses[String(route.status)]).toBeDefined();
    }
    const count = Object.values(doc.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
    expect(count).toBe(HTTP_ROUTES.length + HTTP_STREAM_ROUTES.length);
  });

  it("describes the upload as a raw octet-stream body named by the `name` query", () => {
    const upload = doc.paths["/api/v1/attachments"]?.post as unknown as {
      requestBody: { required: boolean; content: Record<string, { schema: unknown }> };
      parameters: Array<{ name: string; in: string; required: boolean }>;
      responses: Record<string, { content: Record<string, { schema: { $ref?: string } }> }>;
    };
    expect(upload.requestBody.required).toBe(true);
    expect(Object.keys(upload.requestBody.content)).toEqual(["application/octet-stream"]);
    expect(upload.requestBody.content["application/octet-stream"]!.schema).toEqual({
      type: "string",
      format: "binary",
    });
    expect(upload.parameters).toEqual([
      expect.objectContaining({ name: "name", in: "query", required: false }),
    ]);
    expect(upload.responses["201"]!.content["application/json"]!.schema.$ref).toBe(
      "#/components/schemas/UploadAttachmentResponse",
    );
    expect(doc.components.schemas.Attachment).toBeDefined();
  });

  it("describes the download as raw bytes with ranges, by path id", () => {
    const download = doc.paths["/api/v1/attachments/{attachment_id}"]?.get as unknown as {
      parameters: Array<{ name: string; in: string }>;
      responses: Record<string, { content: Record<string, unknown>; headers?: Record<string, unknown> }>;
      requestBody?: unknown;
    };
    expect(download.parameters).toEqual([expect.objectContaining({ name: "attachment_id", in: "path" })]);
    expect(download.requestBody).toBeUndefined();
    for (const status of ["200", "206"]) {
      expect(Object.keys(download.responses[status]!.content)).toEqual(["*/*"]);
      expect(download.responses[status]!.headers).toHaveProperty("ETag");
    }
  });

  it("resolves every $ref", () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(HTTP_ROUTES.length);
    for (const ref of refs) {
      expect(ref.startsWith("#/components/schemas/")).toBe(true);
      expect(doc.components.schemas[ref.slice("#/components/schemas/".length)], ref).toBeDefined();
    }
  });

  it("documents both DM spellings on input and only dm on output", () => {
    const input = JSON.stringify(doc.components.schemas.MessageTargetInput);
    const output = JSON.stringify(doc.components.schemas.MessageTarget);
    expect(input).toContain("direct_message");
    expect(output).not.toContain("direct_message");
    expect(output).toContain('"dm"');
  });

  it("checks its options", () => {
    expect(() => buildOpenApiDocument({} as never)).toThrow(TypeError);
  });
});

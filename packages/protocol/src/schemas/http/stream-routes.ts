/**
 * The HTTP routes whose body or answer is raw bytes: uploading and downloading attachments
 * (`attachments` extension, docs/attachments.md). They stream, so they are not JSON routes of
 * `HTTP_ROUTES` (the server answers them before its JSON router); the OpenAPI document lists
 * both tables.
 */
import { z } from "zod";
import { ATTACHMENT_NAME_MAX_LENGTH, UploadAttachmentResponseSchema } from "../attachment.ts";
import { IdSchema } from "../primitives.ts";
import { API_PREFIX, type HttpMethod, type HttpRoute } from "./routes.ts";

/** `POST /attachments?name=`: the file name (the `X-File-Name` header, percent-encoded, also works). */
export const UploadAttachmentQuerySchema = z.object({
  name: z.string().min(1).max(ATTACHMENT_NAME_MAX_LENGTH).optional(),
});
export type UploadAttachmentQuery = z.output<typeof UploadAttachmentQuerySchema>;

/** `GET /attachments/{attachment_id}`. */
export const AttachmentIdParamsSchema = z.object({ attachment_id: IdSchema });

/** Raw bytes in a request or a response, by media type. */
export interface RawContent {
  readonly contentType: string;
  readonly description: string;
}

/** One route with a raw body or a raw answer. `path` uses `{param}` placeholders and includes the prefix. */
export interface HttpStreamRoute {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly tag: HttpRoute["tag"] | "attachments";
  /** Needs `Authorization: Bearer <token>` (or the host's authenticator). */
  readonly auth: boolean;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  /** A raw request body (sent as is, never JSON). */
  readonly rawBody?: RawContent;
  /** Success status. */
  readonly status: 200 | 201;
  /** The JSON answer's schema, or the raw bytes answered. */
  readonly response: z.ZodType | RawContent;
  /** Response headers worth documenting, name → description. */
  readonly responseHeaders?: Readonly<Record<string, string>>;
  /** Not in Lair 1.1 (our addition). */
  readonly extension?: boolean;
}

const A = API_PREFIX;

/** Every raw-bytes route, in the order the OpenAPI document lists them. */
export const HTTP_STREAM_ROUTES = [
  {
    operationId: "uploadAttachment",
    method: "POST",
    path: `${A}/attachments`,
    summary: "Upload a file (raw bytes, streamed; the type is sniffed from the bytes)",
    tag: "attachments",
    auth: true,
    query: UploadAttachmentQuerySchema,
    rawBody: {
      contentType: "application/octet-stream",
      description:
        "The file's bytes as the whole body, with Content-Length or chunked. Any Content-Type is ignored; 413 payload_too_large above the server's maxFileSize.",
    },
    status: 201,
    response: UploadAttachmentResponseSchema,
    extension: true,
  },
  {
    operationId: "downloadAttachment",
    method: "GET",
    path: `${A}/attachments/{attachment_id}`,
    summary:
      "Download a file (its uploader before it is sent, then the conversation's members); HEAD and Range work",
    tag: "attachments",
    auth: true,
    params: AttachmentIdParamsSchema,
    status: 200,
    response: {
      contentType: "*/*",
      description:
        "The stored bytes (206 with Content-Range for a Range request). Raster images are served as their type and inline, everything else as an octet-stream attachment.",
    },
    responseHeaders: {
      "Content-Disposition": "inline for raster images, attachment otherwise, with the file name",
      ETag: "The quoted SHA-256 of the bytes (If-None-Match answers 304)",
      "Accept-Ranges": "bytes",
    },
    extension: true,
  },
] as const satisfies readonly HttpStreamRoute[];

/** The operation ids of `HTTP_STREAM_ROUTES`. */
export type HttpStreamOperationId = (typeof HTTP_STREAM_ROUTES)[number]["operationId"];

/** Whether a stream route answers JSON (validated by its schema) rather than raw bytes. */
export function hasJsonResponse(route: HttpStreamRoute): route is HttpStreamRoute & { response: z.ZodType } {
  return route.response instanceof z.ZodType;
}

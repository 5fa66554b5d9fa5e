/**
 * `GET /api/v1/attachments/{id}` with the bearer token, as a Blob: what a browser needs for an
 * `<img>` preview or a save link (`URL.createObjectURL`), since neither can send the header.
 */
import { fromWireError, LairError } from "@lair-chat/protocol";
import type { HttpClient } from "./http-client.ts";

export async function downloadAttachment(http: HttpClient, id: string): Promise<Blob> {
  if (typeof id !== "string" || id === "") throw new TypeError("id must be a non-empty string");
  const { url, headers, fetch: fetchImpl } = await http.raw(`/attachments/${encodeURIComponent(id)}`);
  let response: Response;
  try {
    response = await fetchImpl(url, { headers });
  } catch (cause) {
    throw new LairError("network_error", { message: "download failed: network error", cause });
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as
      | { error?: { code?: unknown; message?: unknown } }
      | undefined;
    const code = body?.error?.code;
    if (typeof code === "string") {
      throw fromWireError({
        code,
        message: typeof body?.error?.message === "string" ? body.error.message : code,
      });
    }
    throw new LairError(response.status === 404 ? "attachment_not_found" : "internal_error", {
      message: `download failed: HTTP ${response.status}`,
    });
  }
  return response.blob();
}

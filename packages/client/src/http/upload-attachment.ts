/**
 * Streamed uploads to `POST /api/v1/attachments` with progress: in a browser through
 * XMLHttpRequest (the only browser API with upload progress), elsewhere (Node, Deno, Bun)
 * through fetch with a streamed body whose bytes are counted as the transport pulls them.
 */
import { type Attachment, fromWireError, LairError } from "@lair-chat/protocol";
import type { HttpClient } from "./http-client.ts";

/** What can be uploaded: a browser `File`/`Blob`, or bytes (a Node `Buffer` is a Uint8Array). */
export type UploadSource = Blob | Uint8Array;

/** Upload progress. `total` is the file size. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  /** File name shown to others. @default the File's name, else "file" */
  name?: string;
  /** Called as bytes leave. @default none */
  onProgress?: (progress: UploadProgress) => void;
  /** Abort the upload. @default none */
  signal?: AbortSignal;
  /** Force fetch even where XMLHttpRequest exists (no progress in browsers that cannot stream). @default false */
  useFetch?: boolean;
}

const CHUNK = 64 * 1024;

function nameOf(source: UploadSource, name: string | undefined): string {
  if (name !== undefined) return name;
  const fileName = (source as { name?: unknown }).name;
  return typeof fileName === "string" && fileName !== "" ? fileName : "file";
}

function sizeOf(source: UploadSource): number {
  return source instanceof Uint8Array ? source.byteLength : source.size;
}

function parseUpload(status: number, text: string): Attachment {
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  const wire = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (status < 200 || status >= 300) {
    if (wire && typeof wire.code === "string") {
      throw fromWireError({
        code: wire.code,
        message: typeof wire.message === "string" ? wire.message : wire.code,
      });
    }
    throw new LairError(
      status === 413 ? "payload_too_large" : status >= 500 ? "internal_error" : "invalid_message",
      {
        message: `upload failed: HTTP ${status}`,
        details: { status },
      },
    );
  }
  // A shape check rather than the zod schema: this file is in the browser bundle, and the
  // client only relies on these fields (the server's own tests hold it to the full schema).
  const attachment = (body as { attachment?: Partial<Attachment> } | undefined)?.attachment;
  if (
    typeof attachment !== "object" ||
    attachment === null ||
    typeof attachment.id !== "string" ||
    typeof attachment.name !== "string" ||
    typeof attachment.mime_type !== "string" ||
    typeof attachment.size !== "number"
  ) {
    throw new LairError("invalid_message", { message: "upload answered an unexpected body" });
  }
  return attachment as Attachment;
}

/** A stream of `source` that reports each chunk handed to the transport. */
function countingStream(source: UploadSource, report: (loaded: number) => void): ReadableStream<Uint8Array> {
  let loaded = 0;
  if (source instanceof Uint8Array) {
    let at = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= source.byteLength) {
          controller.close();
          return;
        }
        const chunk = source.subarray(at, at + CHUNK);
        at += chunk.byteLength;
        loaded += chunk.byteLength;
        controller.enqueue(chunk);
        report(loaded);
      },
    });
  }
  return source.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        controller.enqueue(chunk);
        report(loaded);
      },
    }),
  );
}

async function viaFetch(
  url: string,
  headers: Record<string, string>,
  fetchImpl: typeof fetch,
  source: UploadSource,
  options: UploadOptions,
): Promise<Attachment> {
  const total = sizeOf(source);
  const body = countingStream(source, (loaded) => options.onProgress?.({ loaded, total }));
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: "POST",
      headers: { ...headers, "content-type": "application/octet-stream" },
      body,
      // Required by fetch for a streamed request body.
      duplex: "half",
      ...(options.signal ? { signal: options.signal } : {}),
    } as RequestInit);
  } catch (cause) {
    throw new LairError("network_error", { message: "upload failed: network error", cause });
  }
  return parseUpload(response.status, await response.text());
}

function viaXhr(url: string, headers: Record<string, string>, source: Blob, options: UploadOptions) {
  return new Promise<Attachment>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.upload.onprogress = (e) => options.onProgress?.({ loaded: e.loaded, total: source.size });
    xhr.onload = () => {
      try {
        resolve(parseUpload(xhr.status, xhr.responseText));
      } catch (error) {
        reject(error);
      }
    };
    xhr.onerror = () => reject(new LairError("network_error", { message: "upload failed: network error" }));
    xhr.onabort = () => reject(new LairError("network_error", { message: "upload aborted" }));
    options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(source);
  });
}

/** Upload one file; resolves with the stored attachment (its MIME type as the server sniffed it). */
export async function uploadAttachment(
  http: HttpClient,
  source: UploadSource,
  options: UploadOptions = {},
): Promise<Attachment> {
  if (!(source instanceof Uint8Array) && !(typeof Blob === "function" && source instanceof Blob)) {
    throw new TypeError("file must be a File, Blob, Buffer or Uint8Array");
  }
  const name = nameOf(source, options.name);
  const { url, headers, fetch: fetchImpl } = await http.raw(`/attachments?name=${encodeURIComponent(name)}`);
  if (!options.useFetch && typeof XMLHttpRequest === "function") {
    const blob = source instanceof Uint8Array ? new Blob([source as Uint8Array<ArrayBuffer>]) : source;
    return viaXhr(url, headers, blob, options);
  }
  return viaFetch(url, headers, fetchImpl, source, options);
}

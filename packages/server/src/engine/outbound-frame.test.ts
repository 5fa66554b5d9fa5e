import { FrameDecoder, LairError, MAX_FRAME_BYTES } from "@lair-chat/protocol";
import { describe, expect, it } from "vitest";
import { OutboundFrame } from "./outbound-frame.ts";

describe("OutboundFrame", () => {
  it("encodes the text once into UTF-8 bytes and a length-prefixed TCP frame", () => {
    const text = JSON.stringify({ type: "message_received", content: "héllo 👋" });
    const frame = new OutboundFrame(text);
    expect(frame.bytes.toString("utf8")).toBe(text);
    expect(frame.bytes).toBe(frame.bytes);
    const { frames, error } = new FrameDecoder().push(frame.tcpFrame);
    expect(error).toBeUndefined();
    expect(frames.map((f) => new TextDecoder().decode(f))).toEqual([text]);
    expect(frame.tcpFrame.readUInt32BE(0)).toBe(Buffer.byteLength(text));
  });

  it("refuses a TCP frame beyond the protocol's limit and a non-string", () => {
    const frame = new OutboundFrame("x".repeat(MAX_FRAME_BYTES + 1));
    expect(frame.bytes.length).toBe(MAX_FRAME_BYTES + 1);
    expect(() => frame.tcpFrame).toThrow(LairError);
    expect(() => new OutboundFrame(42 as unknown as string)).toThrow(TypeError);
  });
});

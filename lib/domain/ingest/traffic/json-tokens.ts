// Bounds what the streamed JSON readers (HAR, OTLP) may assemble: stream-json's token stream
// is capped so that any one string keeps at most `maxStringChars` characters and any one
// "unit" (a HAR entry, an OTLP span) at most `maxUnitTokens` tokens; the rest is dropped.

import { pipeline, Readable, Transform, type TransformCallback } from "node:stream";
import StreamJson from "stream-json";
import type { ReadCounter, TrafficInput } from "./common";
import { byteSource } from "./common";

interface Token {
  name: string;
  value?: unknown;
}

export interface TokenLimits {
  maxStringChars: number;
  /** Containers whose opening brings the nesting depth to this value are units. */
  unitDepth: number;
  maxUnitTokens: number;
  /**
   * Optional projection: called for each object key with the keys that lead to it (keys[d] is the
   * current key of the object at depth d) and the object's depth; false drops the key and its value.
   */
  keep?: (keys: readonly string[], depth: number, key: string) => boolean;
  /** Called when a unit has been read completely, with the keys leading to it. */
  onUnitEnd?: (keys: readonly string[]) => void;
}

/** Added (with value true) to a unit object that was cut short. */
export const TRUNCATED_KEY = "\u0000truncated";

/** Tokens per HAR entry / OTLP span before the rest of it is dropped; real entries use a few hundred. */
export const MAX_UNIT_TOKENS = 20_000;

function isStart(name: string): boolean {
  return name === "startObject" || name === "startArray";
}
function isEnd(name: string): boolean {
  return name === "endObject" || name === "endArray";
}

/**
 * Expects the parser to stream strings and keys (packStrings/packKeys false) and turns them into
 * capped stringValue/keyValue tokens, so a 1 GB string is never accumulated.
 */
export function limitTokens(limits: TokenLimits): Transform {
  let depth = 0;
  const isObject: boolean[] = [];
  let acc = "";
  let unitTokens = 0;
  let unitTruncated = false;
  let skipDepth = 0; // > 0 while dropping a container
  let skipNext = false; // drop the value after a dropped key
  const keys: string[] = []; // keys[d]: current key of the object at depth d
  const keep = limits.keep;

  function handle(stream: Transform, tok: Token): void {
    const name = tok.name;
    if (skipDepth > 0) {
      if (isStart(name)) skipDepth++;
      else if (isEnd(name)) skipDepth--;
      return;
    }
    if (skipNext) {
      skipNext = false;
      if (isStart(name)) skipDepth = 1;
      return;
    }
    if (name === "keyValue") {
      const key = String(tok.value);
      if (keep !== undefined && !keep(keys, depth, key)) {
        skipNext = true;
        return;
      }
      keys[depth] = key;
    }
    if (depth >= limits.unitDepth && unitTokens >= limits.maxUnitTokens) {
      if (name === "keyValue") {
        unitTruncated = true;
        skipNext = true;
        return;
      }
      if (!isObject[isObject.length - 1] && !isEnd(name)) {
        unitTruncated = true;
        if (isStart(name)) skipDepth = 1;
        return;
      }
    }
    if (isEnd(name)) {
      if (depth === limits.unitDepth && unitTruncated && name === "endObject") {
        stream.push({ name: "keyValue", value: TRUNCATED_KEY });
        stream.push({ name: "trueValue", value: true });
      }
      if (depth === limits.unitDepth) limits.onUnitEnd?.(keys);
      depth--;
      isObject.pop();
      stream.push(tok);
    } else {
      stream.push(tok);
      if (isStart(name)) {
        depth++;
        isObject.push(name === "startObject");
        if (depth === limits.unitDepth) {
          unitTokens = 0;
          unitTruncated = false;
        }
      }
    }
    if (depth >= limits.unitDepth) unitTokens++;
  }

  return new Transform({
    objectMode: true,
    transform(this: Transform, tok: Token, _enc: BufferEncoding, cb: TransformCallback) {
      switch (tok.name) {
        case "startString":
        case "startKey":
          acc = "";
          break;
        case "stringChunk":
        case "keyChunk":
          if (acc.length < limits.maxStringChars) {
            const v = String(tok.value);
            acc += acc.length + v.length > limits.maxStringChars ? v.slice(0, limits.maxStringChars - acc.length) : v;
          }
          break;
        case "endString":
          handle(this, { name: "stringValue", value: acc });
          acc = "";
          break;
        case "endKey":
          handle(this, { name: "keyValue", value: acc });
          acc = "";
          break;
        default:
          handle(this, tok);
      }
      cb();
    },
  });
}

/**
 * The token pipeline: input bytes → stream-json parser → limits → the given stages. Returns the last
 * stream to iterate; a stream-json syntax error surfaces from its iterator.
 */
export function jsonPipeline(
  input: TrafficInput,
  counter: ReadCounter,
  onProgress: ((bytesRead: number) => void) | undefined,
  limits: TokenLimits,
  stages: Transform[],
  jsonStreaming: boolean,
): Transform {
  const source = Readable.from(byteSource(input, counter, onProgress), { objectMode: false });
  const parser = StreamJson.parser({ packKeys: false, packStrings: false, streamNumbers: false, jsonStreaming });
  const streams = [source, parser, limitTokens(limits), ...stages] as const;
  const last = streams[streams.length - 1] as Transform;
  pipeline([...streams], () => {
    /* errors reach the consumer through the last stream's iterator */
  });
  return last;
}

/** True for errors raised by stream-json on malformed input (as opposed to I/O errors of the source). */
export function isJsonSyntaxError(err: unknown): err is Error {
  return err instanceof Error && (/^Parser (cannot parse input|has expected)/.test(err.message) || err.message.startsWith("Top-level object should be"));
}

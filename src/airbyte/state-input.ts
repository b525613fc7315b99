// The envelope of the input state: which stream each stream_state belongs to. What a
// stream_state holds is the source's business (src/source/v4/state.ts, src/source/v10/state.ts).
//
// Accepted, as Airbyte and its clients hand states back:
//   - nothing, null, [] or {}: no state, every stream starts from scratch;
//   - an array of state messages, each STREAM (one stream), GLOBAL (stream_states of several) or
//     LEGACY (`data`, the legacy blob); `type` may be left out when the message has one body;
//   - one such message on its own, or the legacy blob itself: `{"<stream>": {...}}`.
// Extra keys are ignored: PyAirbyte adds `"global_": null`, `"data": null`, a float
// `sourceStats.recordCount` and a null namespace. Anything that cannot mean a state (`42`, a
// stream_state that is not an object, an unknown type, one stream twice) is an InputError:
// guessing "no state" there would start a full resync nobody asked for.
import { InputError } from './files.js';
import { isObject, jsonKind as kind } from './json-kind.js';
import { streamKey, streamLabel } from './stream-key.js';
import type { JsonObject } from './types.js';

const TYPES = ['STREAM', 'GLOBAL', 'LEGACY'] as const;
type StateType = (typeof TYPES)[number];

const BODY: Record<StateType, string> = { STREAM: 'stream', GLOBAL: 'global', LEGACY: 'data' };

const FIX = 'pass the state the connector last emitted, or [] to sync every stream from scratch';

/**
 * Each stream's stream_state by stream key (stream-key.ts: the name, with the namespace when
 * there is one). A stream whose stream_state is null is left out, as one without state.
 */
export function streamStatesOf(input: unknown): Map<string, JsonObject> {
  const states = new StateMap();
  if (input === undefined || input === null) return states;
  if (Array.isArray(input)) {
    input.forEach((entry, i) => {
      if (!isObject(entry)) throw invalid(`entry ${i} of the state array is ${kind(entry)}, not a state message`);
      addMessage(states, entry, `entry ${i} of the state array`);
    });
  } else if (isObject(input)) {
    // A bare object is the legacy blob (a collection may well be named "data" or "stream"),
    // unless its `type` names a state message: no collection state is a string.
    if (typeof input.type === 'string') addMessage(states, input, 'the state message');
    else addLegacy(states, input, 'the legacy state');
  } else {
    throw invalid(`the state is ${kind(input)}; expected an array of state messages or an object`);
  }
  return states;
}

class StateMap extends Map<string, JsonObject> {
  /** `name`: the stream in messages (its namespace too, if any). */
  add(key: string, name: string, state: unknown, where: string): void {
    if (state === null || state === undefined) return;
    if (!isObject(state))
      throw invalid(`the stream_state of stream '${name}' (${where}) is ${kind(state)}, not an object`);
    if (this.has(name)) throw invalid(`stream '${name}' has two states (the second in ${where})`);
    this.set(key, state);
  }
}

function addMessage(states: StateMap, message: JsonObject, where: string): void {
  switch (messageType(message, where)) {
    case 'STREAM':
      addStream(states, message.stream, where);
      break;
    case 'GLOBAL': {
      const global = message.global;
      if (!isObject(global) || !Array.isArray(global.stream_states)) {
        throw invalid(`${where} is a GLOBAL state without a "global": {"stream_states": [...]} object`);
      }
      global.stream_states.forEach((stream, i) => addStream(states, stream, `stream_states[${i}] of ${where}`));
      break;
    }
    case 'LEGACY':
      if (!isObject(message.data))
        throw invalid(`${where} is a LEGACY state whose "data" is ${kind(message.data)}, not an object`);
      addLegacy(states, message.data, `the "data" of ${where}`);
      break;
  }
}

/** The message's `type`, or, when it has none, the one its single non-null body implies. */
function messageType(message: JsonObject, where: string): StateType {
  const type = message.type;
  if (typeof type === 'string' && (TYPES as readonly string[]).includes(type)) return type as StateType;
  if (type !== undefined && type !== null) {
    throw invalid(`${where} has type ${JSON.stringify(type)}; expected one of ${TYPES.join(', ')}`);
  }
  const bodies = TYPES.filter((t) => isPresent(message[BODY[t]]));
  if (bodies.length !== 1) {
    throw invalid(
      `${where} has no "type" and ${bodies.length === 0 ? 'none' : 'more than one'} of "stream", "global", "data"`,
    );
  }
  return bodies[0]!;
}

function addStream(states: StateMap, stream: unknown, where: string): void {
  const descriptor = isObject(stream) ? stream.stream_descriptor : undefined;
  if (!isObject(stream) || !isObject(descriptor) || typeof descriptor.name !== 'string' || descriptor.name === '') {
    throw invalid(`${where} has no "stream": {"stream_descriptor": {"name": "<stream>"}, "stream_state": {...}}`);
  }
  const named = {
    name: descriptor.name,
    ...(typeof descriptor.namespace === 'string' && { namespace: descriptor.namespace }),
  };
  states.add(streamKey(named), streamLabel(named), stream.stream_state, where);
}

function addLegacy(states: StateMap, blob: JsonObject, where: string): void {
  for (const [name, state] of Object.entries(blob)) states.add(name, name, state, where);
}

function invalid(problem: string): InputError {
  return new InputError(`Invalid state: ${problem}; ${FIX}`);
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

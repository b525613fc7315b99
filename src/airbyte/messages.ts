import type {
  AirbyteMessage,
  AirbyteStateMessage,
  FailureType,
  JsonObject,
  LogLevel,
  StreamDescriptor,
  StreamStatus,
  StreamStatusReason,
} from './types.js';

export function logMessage(level: LogLevel, message: string): AirbyteMessage {
  return { type: 'LOG', log: { level, message } };
}

export function streamStatus(
  stream: StreamDescriptor,
  status: StreamStatus,
  reasons?: StreamStatusReason[],
): AirbyteMessage {
  return {
    type: 'TRACE',
    trace: {
      type: 'STREAM_STATUS',
      emitted_at: Date.now(),
      stream_status: { stream_descriptor: stream, status, ...(reasons && { reasons }) },
    },
  };
}

/** How many records (and bytes of them) the sync will emit for `stream`. */
export function estimateTrace(stream: StreamDescriptor, rows: number, bytes?: number): AirbyteMessage {
  return {
    type: 'TRACE',
    trace: {
      type: 'ESTIMATE',
      emitted_at: Date.now(),
      estimate: { ...stream, type: 'STREAM', row_estimate: rows, ...(bytes !== undefined && { byte_estimate: bytes }) },
    },
  };
}

export interface ErrorTraceInput {
  message: string;
  failureType: FailureType;
  internalMessage?: string;
  stackTrace?: string;
  stream?: StreamDescriptor;
}

export function errorTrace(input: ErrorTraceInput): AirbyteMessage {
  return {
    type: 'TRACE',
    trace: {
      type: 'ERROR',
      emitted_at: Date.now(),
      error: {
        message: input.message,
        failure_type: input.failureType,
        ...(input.internalMessage !== undefined && { internal_message: input.internalMessage }),
        ...(input.stackTrace !== undefined && { stack_trace: input.stackTrace }),
        ...(input.stream && { stream_descriptor: input.stream }),
      },
    },
  };
}

export function streamState(stream: StreamDescriptor, state: JsonObject, recordCount: number): AirbyteMessage {
  const body: AirbyteStateMessage = {
    type: 'STREAM',
    stream: { stream_descriptor: stream, stream_state: state },
    sourceStats: { recordCount },
  };
  return { type: 'STATE', state: body };
}

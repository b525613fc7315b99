// Airbyte protocol 0.18.0 message shapes (test/airbyte-protocol/airbyte_protocol.yaml), limited to what a
// source emits or reads. Every struct is open (`additionalProperties: true`) in the protocol.

export type JsonObject = { [key: string]: unknown };

export interface StreamDescriptor {
  name: string;
  namespace?: string;
}

export type SyncMode = 'full_refresh' | 'incremental';

export interface AirbyteStream {
  name: string;
  json_schema: JsonObject;
  supported_sync_modes: SyncMode[];
  source_defined_cursor?: boolean;
  default_cursor_field?: string[];
  source_defined_primary_key?: string[][];
  namespace?: string;
  is_resumable?: boolean;
}

export interface ConfiguredAirbyteStream {
  stream: AirbyteStream;
  sync_mode: SyncMode;
  destination_sync_mode: string;
  cursor_field?: string[];
  primary_key?: string[][];
}

export interface ConfiguredAirbyteCatalog {
  streams: ConfiguredAirbyteStream[];
}

export interface AirbyteStreamState {
  stream_descriptor: StreamDescriptor;
  stream_state?: JsonObject | null;
}

export interface AirbyteStateMessage {
  type?: 'STREAM' | 'GLOBAL' | 'LEGACY';
  stream?: AirbyteStreamState;
  global?: { shared_state?: JsonObject; stream_states: AirbyteStreamState[] };
  data?: JsonObject;
  sourceStats?: { recordCount?: number };
}

export type LogLevel = 'FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';

export type FailureType = 'system_error' | 'config_error' | 'transient_error';

export type StreamStatus = 'STARTED' | 'RUNNING' | 'COMPLETE' | 'INCOMPLETE';

export interface AirbyteErrorTrace {
  message: string;
  internal_message?: string;
  stack_trace?: string;
  failure_type: FailureType;
  stream_descriptor?: StreamDescriptor;
}

/** Why a stream is in its status: the only reason of the protocol, a rate limit (`quota_reset`: epoch ms). */
export interface StreamStatusReason {
  type: 'RATE_LIMITED';
  rate_limited?: { quota_reset?: number };
}

export interface AirbyteEstimateTrace {
  name: string;
  namespace?: string;
  type: 'STREAM';
  row_estimate: number;
  byte_estimate?: number;
}

export interface AirbyteTraceMessage {
  type: 'ERROR' | 'STREAM_STATUS' | 'ESTIMATE';
  emitted_at: number;
  error?: AirbyteErrorTrace;
  stream_status?: { stream_descriptor: StreamDescriptor; status: StreamStatus; reasons?: StreamStatusReason[] };
  estimate?: AirbyteEstimateTrace;
}

export interface ConnectorSpecification {
  documentationUrl: string;
  protocol_version?: string;
  connectionSpecification: JsonObject;
  supportsIncremental?: boolean;
}

export type AirbyteMessage =
  | { type: 'RECORD'; record: { stream: string; data: JsonObject; emitted_at: number; namespace?: string } }
  | { type: 'STATE'; state: AirbyteStateMessage }
  | { type: 'LOG'; log: { level: LogLevel; message: string; stack_trace?: string } }
  | { type: 'SPEC'; spec: ConnectorSpecification }
  | { type: 'CONNECTION_STATUS'; connectionStatus: { status: 'SUCCEEDED' | 'FAILED'; message?: string } }
  | { type: 'CATALOG'; catalog: { streams: AirbyteStream[] } }
  | { type: 'TRACE'; trace: AirbyteTraceMessage };

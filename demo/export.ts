// `npm start -- --from-export`: the demo database exported by the local server with the core's
// export API (`PUT /export/1/<id>`, then `GET` until it is complete; docs/from-export.md), into
// the folder the server was started with (`exportPath`).

export interface DemoExport {
  id: string;
  snapshotTs: string;
}

const ID = 'demo';

export async function exportDemoDatabase(url: string, rootSecret: string): Promise<DemoExport> {
  const call = async (method: 'PUT' | 'GET', body?: object) => {
    const response = await fetch(`${url}/export/1/${ID}`, {
      method,
      headers: { authorization: `Bearer ${rootSecret}` },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const answer = (await response.json()) as { state?: string; snapshot_ts?: string; error?: unknown };
    if (!response.ok)
      throw new Error(`${method} /export/1/${ID} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  };
  let answer = await call('PUT', { doc_format: 'tagged', datafile_format: 'jsonl', datafile_compression: true });
  while (answer.state === 'pending') {
    await new Promise((resolve) => setTimeout(resolve, 50));
    answer = await call('GET');
  }
  if (answer.state !== 'complete') throw new Error(`the export ended ${answer.state}: ${JSON.stringify(answer)}`);
  return { id: ID, snapshotTs: answer.snapshot_ts! };
}

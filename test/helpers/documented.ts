// docs/troubleshooting.md lists the connector's messages as `### \`template\`` headings, `<...>`
// standing for the varying parts: a message a test sees must match one of them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const page = readFileSync(new URL('../../../docs/troubleshooting.md', import.meta.url), 'utf8');
export const templates = [...page.matchAll(/^#{3,4} `(.+)`$/gm)].map(([, template]) => template!);
const patterns = templates.map(
  (t) =>
    new RegExp(
      `^${t
        .split(/<[^>]+>/)
        .map(escape)
        .join('.+')}$`,
    ),
);

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function assertDocumented(message: string | undefined, scenario: string): void {
  assert.ok(message, `${scenario}: the connector gave a message`);
  assert.ok(
    patterns.some((p) => p.test(message)),
    `${scenario}: "${message}" is not in docs/troubleshooting.md`,
  );
}

// The credentials of a database's documents (their passwords), found by the document they belong
// to (v4's `credentials` param, Login, `Credential.byDocument`) and by their own id (a credential's
// ref, `Credential.byId`): a credential keeps its id when its document's password changes.
import type { Ref } from '../core/values.js';
import type { Credential } from './database.js';

const documentKey = (document: Ref): string => `${document.collection?.id}/${document.id}`;

export class Credentials {
  private readonly byDocument = new Map<string, Credential>();
  private readonly byId = new Map<string, Credential>();

  /** The credential of `document`, if it has one. */
  of(document: Ref): Credential | undefined {
    return this.byDocument.get(documentKey(document));
  }

  /** Credential `id`, if there is one. */
  withId(id: string): Credential | undefined {
    return this.byId.get(id);
  }

  set(document: Ref, credential: Credential): void {
    this.delete(document);
    this.byDocument.set(documentKey(document), credential);
    this.byId.set(credential.ref.id, credential);
  }

  delete(document: Ref): void {
    const before = this.of(document);
    if (before === undefined) return;
    this.byDocument.delete(documentKey(document));
    this.byId.delete(before.ref.id);
  }

  values(): IterableIterator<Credential> {
    return this.byDocument.values();
  }
}

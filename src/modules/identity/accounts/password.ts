import { hash, verify } from '@node-rs/argon2';

/**
 * Account passwords: argon2id (the PHC winner OWASP recommends first) at
 * OWASP's second configuration, m=19 MiB, t=2, p=1 — some 20–40 ms of one
 * core, run off the event loop by the binding's thread pool. The encoded
 * hash carries its parameters, so raising them later leaves old hashes
 * verifiable.
 */
// algorithm 2 is Argon2id (the binding's const enum, which isolated modules cannot import).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), OPTIONS);
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  try {
    return await verify(stored, password.normalize('NFC'));
  } catch {
    return false;
  }
}

/**
 * A hash of nothing anyone knows, verified when an email has no account, so
 * a sign-in takes as long whether or not the address exists.
 */
let decoy: Promise<string> | undefined;
export async function verifyDecoy(password: string): Promise<false> {
  decoy ??= hash(`decoy:${Math.random()}`, OPTIONS);
  await verifyPassword(password, await decoy);
  return false;
}

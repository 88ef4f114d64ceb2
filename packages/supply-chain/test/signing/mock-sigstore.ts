import { createHash, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fulcioHandler, type HandlerFn, initializeCA, initializeTLog, rekorHandler } from '@sigstore/mock';

/**
 * Fulcio and Rekor test doubles from @sigstore/mock, served over real HTTP on 127.0.0.1 (the
 * handlers are the ones its nock helpers use), plus the trusted root that anchors what they issue.
 */
export interface MockSigstore {
  fulcioURL: string;
  rekorURL: string;
  trustedRoot: object;
  close(): Promise<void>;
}

export async function startMockSigstore(): Promise<MockSigstore> {
  const routes = new Map<string, HandlerFn>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const handler = request.method === 'POST' ? routes.get(request.url ?? '') : undefined;
      if (!handler) {
        response.writeHead(404).end();
        return;
      }
      handler(Buffer.concat(chunks).toString('utf8')).then(
        ({ statusCode, response: body, contentType }) => {
          response.writeHead(statusCode, { 'Content-Type': contentType ?? 'text/plain' }).end(body);
        },
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const p256 = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  // No CT log: @sigstore/mock 0.10's SCTs come out empty with pkijs 3.4 (its SCT signature is now
  // an ArrayBuffer, the mock passes an ASN.1 object), so the certificate carries no SCT and the
  // verifier is told ctLogThreshold 0. SCT checking is covered by the conformance bundles.
  const ca = await initializeCA(p256());
  const tlog = await initializeTLog(base, p256());
  const fulcio = fulcioHandler(ca);
  const rekor = rekorHandler(tlog);
  routes.set(fulcio.path, fulcio.fn);
  routes.set(rekor.path, (body) => rekor.fn(canonicalizeDsse(body)));

  const validFor = { start: '2000-01-01T00:00:00Z' };
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: base,
        hashAlgorithm: 'SHA2_256',
        publicKey: { rawBytes: tlog.publicKey.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor },
        logId: { keyId: createHash('sha256').update(tlog.publicKey).digest('base64') },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore-mock', commonName: 'sigstore-mock' },
        uri: base,
        certChain: { certificates: [{ rawBytes: ca.rootCertificate.toString('base64') }] },
        validFor,
      },
    ],
    ctlogs: [],
    timestampAuthorities: [],
  };

  return {
    fulcioURL: base,
    rekorURL: base,
    trustedRoot,
    close: () => new Promise<void>((resolve, reject) => closeServer(server, resolve, reject)),
  };
}

function closeServer(server: Server, resolve: () => void, reject: (error: Error) => void): void {
  server.closeAllConnections();
  server.close((error) => (error ? reject(error) : resolve()));
}

/**
 * The mock logs a proposed entry as it comes; real Rekor stores a dsse entry in canonical form
 * (hashes of envelope and payload, the signatures with their verifiers), which is what verifiers
 * compare against. Do that here so DSSE bundles from the double are verifiable.
 */
function canonicalizeDsse(body: string): string {
  const entry = JSON.parse(body) as {
    kind?: string;
    apiVersion?: string;
    spec?: { proposedContent?: { envelope: string; verifiers: string[] } };
  };
  const proposed = entry.spec?.proposedContent;
  if (entry.kind !== 'dsse' || !proposed) return body;
  const envelope = JSON.parse(proposed.envelope) as { payload: string; signatures: Array<{ sig: string }> };
  const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
  return JSON.stringify({
    apiVersion: entry.apiVersion,
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: sha256(proposed.envelope) },
      payloadHash: { algorithm: 'sha256', value: sha256(Buffer.from(envelope.payload, 'base64')) },
      signatures: envelope.signatures.map((signature, i) => ({
        signature: signature.sig,
        verifier: proposed.verifiers[i],
      })),
    },
  });
}

/**
 * An unsigned OIDC token (the mock reads claims without checking a signature): `sub` becomes
 * the certificate's SAN, `iss` the issuer extension.
 */
export function fakeOidcToken(claims: { sub: string; iss: string } & Record<string, string>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ aud: 'sigstore', iat: now, exp: now + 600, ...claims })}.c2ln`;
}

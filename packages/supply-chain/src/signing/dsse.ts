/** DSSE (Dead Simple Signing Envelope) v1: https://github.com/secure-systems-lab/dsse/blob/master/protocol.md */

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** The envelope as it appears in JSON: payload and sig are base64. */
export interface DsseEnvelope {
  payload: string;
  payloadType: string;
  signatures: Array<{ keyid: string; sig: string }>;
}

/**
 * Pre-Authentication Encoding: `DSSEv1 <len(type)> <type> <len(body)> <body>`, lengths in bytes.
 * The signature covers this, never the bare payload, so the type cannot be swapped.
 */
export function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'ascii'),
    type,
    Buffer.from(` ${payload.length} `, 'ascii'),
    payload,
  ]);
}

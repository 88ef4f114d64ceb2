import { describe, expect, it } from 'vitest';
import { LedgerBusyError, listReleases, type ReleaseLedger } from '../../src/ledger';

/** What every ledger store must do, run against each adapter with a fresh, empty store. */
export function ledgerContract(store: string, open: () => Promise<ReleaseLedger>): void {
  describe(`ReleaseLedger contract: ${store}`, () => {
    it('lists an environment newest first, and only its own releases', async () => {
      const ledger = await open();
      await ledger.record({ environment: 'production', version: 'v1', outcome: 'success' });
      await ledger.record({ environment: 'staging', version: 'v2', outcome: 'success' });
      await ledger.record({
        environment: 'production',
        version: 'v2',
        outcome: 'in_progress',
        digest: `sha256:${'a'.repeat(64)}`,
        commit: '0123456789abcdef0123456789abcdef01234567',
        runId: '42',
      });
      const production = await listReleases(ledger, 'production');
      expect(production.map((r) => [r.version, r.outcome])).toEqual([
        ['v2', 'in_progress'],
        ['v1', 'success'],
      ]);
      expect(production[0]).toMatchObject({
        digest: `sha256:${'a'.repeat(64)}`,
        commit: '0123456789abcdef0123456789abcdef01234567',
        runId: '42',
      });
      expect(production[0]?.id).not.toBe(production[1]?.id);
      expect(Date.parse(production[0]?.createdAt ?? '')).not.toBeNaN();
      expect((await listReleases(ledger, 'staging')).map((r) => r.version)).toEqual(['v2']);
      expect(await listReleases(ledger, 'nowhere')).toEqual([]);
    });

    it('changes an outcome and keeps the rest of the release', async () => {
      const ledger = await open();
      const release = await ledger.record({ environment: 'production', version: 'v7', outcome: 'in_progress' });
      const done = await ledger.setOutcome(release.id, 'failure', 'error rate 6.1% > 5%');
      expect(done).toMatchObject({ id: release.id, version: 'v7', outcome: 'failure' });
      const [listed] = await listReleases(ledger, 'production');
      expect(listed).toMatchObject({ id: release.id, outcome: 'failure', description: 'error rate 6.1% > 5%' });
    });

    it('refuses to change a release it does not have', async () => {
      const ledger = await open();
      await expect(ledger.setOutcome('999999', 'success')).rejects.toThrow(/999999/);
    });

    it('keeps every release of concurrent writers', async () => {
      const ledger = await open();
      const versions = Array.from({ length: 12 }, (_, i) => `v${i}`);
      const recorded = await Promise.all(
        versions.map((version) => ledger.record({ environment: 'production', version, outcome: 'success' })),
      );
      expect(new Set(recorded.map((r) => r.id)).size).toBe(versions.length);
      expect((await listReleases(ledger, 'production')).map((r) => r.version).sort()).toEqual([...versions].sort());
    });

    it('lets one rollback of an environment hold its lock; the next waits, or fails naming the holder', async () => {
      const ledger = await open();
      const first = await ledger.lock('production', 'run 1', 1_000);
      await expect(ledger.lock('production', 'run 2', 50)).rejects.toThrow(LedgerBusyError);
      await expect(ledger.lock('production', 'run 2', 50)).rejects.toThrow(/run 1/);
      const other = await ledger.lock('staging', 'run 3', 50);
      await other.release();
      const waiting = ledger.lock('production', 'run 2', 5_000);
      await first.release();
      const second = await waiting;
      await second.release();
    });
  });
}

/**
 * Export of staff overrides as training data. Handing insured people's texts to training is a processing
 * of social data, so every export leaves one audit event, in the same transaction as the read.
 */
import { recordEvent, type Actor } from '../audit/audit.repository.js';
import { withTenant, type Db } from '../db/database.js';
import type { Tenant } from '../tenants/tenants.repository.js';
import type { StaffOverride } from './overrides.js';
import { listOverriddenConcerns } from './overrides.repository.js';

export const OVERRIDES_EXPORTED = 'triage.overrides_exported';

/**
 * The Kasse's overridden concerns as `StaffOverride`s (text, subject, sender kind, channel, the topic and
 * class staff set, the reason of the latest reclassification), oldest correction first; with `since`, only
 * concerns whose latest reclassification happened at or after that instant.
 */
export async function exportOverrides(
  db: Db,
  tenant: Pick<Tenant, 'id'>,
  actor: Actor,
  opts: { since?: Date | undefined } = {},
): Promise<StaffOverride[]> {
  return withTenant(db, tenant.id, async (trx) => {
    const rows = await listOverriddenConcerns(trx, { since: opts.since });
    const overrides: StaffOverride[] = rows.map((r) => ({
      text: r.text,
      ...(r.subject ? { subject: r.subject } : {}),
      sender: r.sender,
      channel: r.channel,
      topic: r.topic,
      priorityClass: r.priorityClass,
      reason: r.reason,
    }));
    await recordEvent(trx, {
      tenantId: tenant.id,
      actor,
      action: OVERRIDES_EXPORTED,
      subjectType: 'tenant',
      subjectId: tenant.id,
      after: { count: overrides.length, since: opts.since ? opts.since.toISOString() : null },
    });
    return overrides;
  });
}

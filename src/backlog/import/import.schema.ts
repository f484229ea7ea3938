/** zod schemas of the import API (request validation and the OpenAPI document from one source). */
import { z } from 'zod';

export const importQuery = z.object({
  format: z.enum(['csv', 'jsonl']).optional(),
  source: z.string().trim().min(1).max(100).optional(),
  /** The uploaded file's name as the client knows it, kept for the list of imports. */
  fileName: z.string().trim().min(1).max(255).optional(),
});

export const importIdParams = z.object({ id: z.uuid() });

export const importCreated = z.object({ id: z.string() });

export const importStatus = z.object({
  id: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  source: z.string(),
  format: z.enum(['csv', 'jsonl']),
  fileName: z.string().nullable(),
  /** Rows in the file; known once the job is done. */
  totalRows: z.number().int().nullable(),
  processedRows: z.number().int(),
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  bytesRead: z.number().int(),
  bytesTotal: z.number().int().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  rowsPerSecond: z.number().nullable(),
  error: z.string().nullable(),
  createdBy: z.string(),
  /**
   * For a running job: seconds since its run's last sign of life once that is longer than a live run ever
   * goes without one (the process was stopped or the server restarted); otherwise null.
   */
  stalledSeconds: z.number().int().nullable(),
});

export const importList = z.object({ imports: z.array(importStatus) });

export const rejectionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: z.coerce.number().int().min(0).default(0),
});

export const rejectionList = z.object({
  rejections: z.array(
    z.object({
      row: z.number().int(),
      line: z.number().int(),
      externalId: z.string().nullable(),
      reason: z.string(),
      raw: z.string(),
    }),
  ),
});

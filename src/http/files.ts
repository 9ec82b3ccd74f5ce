/**
 * Downloads of the files the program writes (PPD, Federal Offset, license and credit lists, e-IWO). The
 * route's access declaration has already confined the file to its producing roles and its program; this
 * sends it and audits the download with every person and case the file carries.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Deps } from '../deps.ts';
import { fail } from '../kernel/result.ts';
import { recordAudit } from '../security/audit.ts';
import { fileContents, type FileTable } from '../security/route-access.ts';
import { contextOf } from './context.ts';
import { sendFailure } from './respond.ts';

const NAME_OF: Record<FileTable, (row: { id: number; name: string | null }) => string> = {
  disbursement_file: (r) => r.name ?? `ppd-${r.id}.ach`,
  federal_offset_file: (r) => `offset-${r.id}.txt`,
  enforcement_list_file: (r) => `remedy-list-${r.id}.txt`,
  eiwo_file: (r) => `EIWO-${r.name ?? r.id}.txt`,
};
const NAME_COLUMN: Record<FileTable, string | null> = { disbursement_file: 'file_name', federal_offset_file: null, enforcement_list_file: null, eiwo_file: 'control_number' };

export async function sendWrittenFile(deps: Deps, request: FastifyRequest, reply: FastifyReply, table: FileTable, fileId: number) {
  const ctx = contextOf(deps, request);
  const nameColumn = NAME_COLUMN[table];
  const row = (await sql<{ id: number; name: string | null; content: string }>`
    select id, ${nameColumn ? sql.ref(nameColumn) : sql`null::text`} as name, content from ${sql.table(table)} where id = ${fileId}`.execute(deps.db)).rows[0];
  if (!row) return sendFailure(reply, fail('NOT_FOUND'));
  const carried = await fileContents(deps.db, table, fileId);
  await recordAudit(deps.db, ctx, { action: 'export', entityType: table, entityId: fileId, personIds: carried.personIds, caseIds: carried.caseIds, detail: { persons: carried.personIds.length } });
  reply.header('content-disposition', `attachment; filename="${NAME_OF[table]({ id: Number(row.id), name: row.name })}"`);
  return reply.type('text/plain; charset=us-ascii').send(row.content);
}

import { recordProvenance } from '../../../lib/field-provenance';
import { type Provenance, provenanceOf, ProvenanceKind } from '../../../lib/provenance';
import type { Ticket } from '../entities';

/**
 * Where a ticket comes from: an import keeps its own (IMPORT, the file and its checksum); a demo
 * ticket is SYNTHETIC; any other was opened through the graph (MUTATION) by its opener.
 */
export function ticketProvenance(ticket: Pick<Ticket, 'storedProvenance' | 'synthetic' | 'openedBy' | 'openedAt'>): Provenance {
  if (ticket.storedProvenance) return recordProvenance(ticket.storedProvenance);
  if (ticket.synthetic) {
    return provenanceOf({ kind: ProvenanceKind.SYNTHETIC, note: 'Generated demo data (npm run seed:synthetic), never a real ticket', recordedBy: ticket.openedBy, recordedAt: ticket.openedAt });
  }
  return provenanceOf({ kind: ProvenanceKind.MUTATION, note: 'Opened through the graph (openTicket)', recordedBy: ticket.openedBy, recordedAt: ticket.openedAt });
}

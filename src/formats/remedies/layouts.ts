/**
 * Record layouts for two remedies whose official layouts the reference does not give. Each one is
 * OUR ASSUMPTION, written as data so the real layout replaces it row by row (the FIDM files have their
 * own module, formats/fidm, after OCSE's layout):
 *
 * - License suspension list (State to the licensing agency): 150 bytes, add or delete per obligor.
 * - Credit bureau report: a simplified Metro 2-like base segment, 250 bytes (real Metro 2 is 426 bytes
 *   with a header and trailer). Account type 50 = family support; status 93 = assigned for collection,
 *   DA = delete the account. Amounts in whole dollars as Metro 2 carries them.
 */
import { defineLayout } from '../fixed-width.ts';

export const LICENSE_LIST = defineLayout({
  key: 'license_list',
  title: 'License suspension list record (assumed layout)',
  length: 150,
  source: 'OpenCSE assumption (docs/enforcement.md)',
  fields: [
    { name: 'action', start: 1, length: 1, kind: 'alpha', required: true, allowed: ['A', 'D'], note: 'A suspend, D reinstate (remove from the list)' },
    { name: 'ssn', start: 2, length: 9, kind: 'digits', sensitive: true },
    { name: 'last_name', start: 11, length: 20, kind: 'alpha', required: true },
    { name: 'first_name', start: 31, length: 15, kind: 'alpha' },
    { name: 'middle_name', start: 46, length: 15, kind: 'alpha' },
    { name: 'birth_date', start: 61, length: 8, kind: 'date_ccyymmdd', required: false, sensitive: true },
    { name: 'case_number', start: 69, length: 20, kind: 'alpha', required: true },
    { name: 'arrears_cents', start: 89, length: 11, kind: 'numeric' },
    { name: 'list_date', start: 100, length: 8, kind: 'date_ccyymmdd' },
    { name: 'filler', start: 108, length: 43, kind: 'blank' },
  ],
});

export const CREDIT_BASE = defineLayout({
  key: 'credit_base',
  title: 'Credit bureau base segment (simplified Metro 2-like, assumed)',
  length: 250,
  source: 'OpenCSE assumption modelled on the Metro 2 base segment (docs/enforcement.md)',
  fields: [
    { name: 'record_descriptor', start: 1, length: 4, kind: 'constant', value: '0250' },
    { name: 'processing_indicator', start: 5, length: 1, kind: 'constant', value: '1' },
    { name: 'activity_date', start: 6, length: 8, kind: 'date_ccyymmdd' },
    { name: 'furnisher_id', start: 14, length: 20, kind: 'alpha', required: true },
    { name: 'account_number', start: 34, length: 30, kind: 'alpha', required: true, note: 'the IV-D case number' },
    { name: 'portfolio_type', start: 64, length: 1, kind: 'constant', value: 'O' },
    { name: 'account_type', start: 65, length: 2, kind: 'constant', value: '50', note: 'family support' },
    { name: 'date_opened', start: 67, length: 8, kind: 'date_ccyymmdd' },
    { name: 'current_balance_dollars', start: 75, length: 9, kind: 'numeric' },
    { name: 'amount_past_due_dollars', start: 84, length: 9, kind: 'numeric' },
    { name: 'account_status', start: 93, length: 2, kind: 'alpha', required: true, allowed: ['93', 'DA'], note: '93 assigned for collection; DA delete' },
    { name: 'ecoa_code', start: 95, length: 1, kind: 'constant', value: '1' },
    { name: 'surname', start: 96, length: 25, kind: 'alpha', required: true },
    { name: 'first_name', start: 121, length: 20, kind: 'alpha' },
    { name: 'middle_name', start: 141, length: 20, kind: 'alpha' },
    { name: 'ssn', start: 161, length: 9, kind: 'digits', sensitive: true },
    { name: 'birth_date', start: 170, length: 8, kind: 'date_ccyymmdd', required: false, sensitive: true },
    { name: 'address', start: 178, length: 32, kind: 'alpha' },
    { name: 'city', start: 210, length: 20, kind: 'alpha' },
    { name: 'state', start: 230, length: 2, kind: 'alpha' },
    { name: 'zip', start: 232, length: 9, kind: 'alpha' },
    { name: 'filler', start: 241, length: 10, kind: 'blank' },
  ],
});

/** Record values shared by the locate tests (fictional people; SSNs in the 9xx/invalid-looking ranges are avoided on purpose only where the codec needs digits). */
import type { RecordValues } from '../../src/formats/fixed-width.ts';
import { buildFcrResponseFile, type FcrInputRecord } from '../../src/formats/fcr/files.ts';
import type { SwaRecordInput } from '../../src/formats/swa/swa.ts';

export const CASE_RECORD: FcrInputRecord = { type: 'case', values: { action_type_code: 'A', case_id: '2026-000001', case_type: 'F', order_indicator: 'Y', fips_county_code: '049', user_field: '', previous_case_id: '' } };

export const PERSON_RECORD: FcrInputRecord = {
  type: 'person',
  values: {
    action_type_code: 'A',
    case_id: '2026-000001',
    user_field: '',
    fips_county_code: '049',
    locate_request_type: 'CS',
    participant_type: 'NP',
    family_violence: '',
    member_id: '0000000002',
    sex: 'M',
    birth_date: '1988-07-02',
    ssn: '318224410',
    person_first_name: 'DANIEL',
    person_middle_name: '',
    person_last_name: 'REYES',
  },
};

export const CHANGE_RECORD: FcrInputRecord = { type: 'person', values: { ...PERSON_RECORD.values, action_type_code: 'C', ssn: '318224411', previous_ssn: '318224410' } };
export const DELETE_CASE: FcrInputRecord = { type: 'case', values: { ...CASE_RECORD.values, action_type_code: 'D' } };

/** An NDNH W-4 proactive match for member 2 (employee address returned). */
export function ndnhW4(over: RecordValues = {}): RecordValues {
  return {
    record_identifier: 'FN',
    match_type: 'P',
    state_code: '42',
    response_agency: 'H99',
    name_sent_matched: 'Y',
    returned_first_name: 'DANIEL',
    returned_last_name: 'REYES',
    ssn: '318224410',
    member_id: '0000000002',
    user_field: '',
    fips_county_code: '049',
    locate_request_type: 'CS',
    locate_response_code: '',
    employer_name: 'LAKESHORE FOODS INC',
    address_line_1: '9 RIVER RD',
    city: 'ERIE',
    state: 'PA',
    zip5: '16502',
    reporting_state: 'PA',
    address_type: '2',
    birth_date: '19880702',
    hire_date: '20261026',
    fein: '251112222',
    ssn_match_indicator: 'V',
    state_of_hire: 'PA',
    ...over,
  };
}

/** The golden response file's records (fixtures/fcr-response.txt). */
export function responseFile() {
  const caseAck = { ...CASE_RECORD.values, batch_number: '000007', acknowledgment_code: 'AAAAA' };
  const personAck = { ...PERSON_RECORD.values, ssn_validity_code: 'V', batch_number: '000007', acknowledgment_code: 'AAAAA', primary_ssn: '318224410', primary_first_name: 'DANIEL', primary_last_name: 'REYES' };
  const rejected = { ...PERSON_RECORD.values, member_id: '0000000003', ssn: '212456781', participant_type: 'CP', ssn_validity_code: '', acknowledgment_code: 'REJCT', error_code_1: 'PE001' };
  return buildFcrResponseFile([
    { kind: 'case_ack', values: caseAck },
    { kind: 'person_ack', values: personAck },
    { kind: 'person_ack', values: rejected },
    { kind: 'ndnh_match', values: ndnhW4() },
    { kind: 'ndnh_match', values: ndnhW4({ response_agency: 'H98', hire_date: '', address_type: '1', address_line_1: '400 BAYFRONT PKWY', zip5: '16507', ssn_match_indicator: 'C' }) },
    { kind: 'ndnh_match', values: ndnhW4({ response_agency: 'H97', employer_name: 'PA UC SERVICE CENTER', fein: '236000000', hire_date: '', address_type: '2', address_line_1: '77 LAKE ST' }) },
    { kind: 'locate_response', values: ndnhW4({ record_identifier: 'FK', response_agency: 'A01', employer_name: '', fein: '', hire_date: '', address_type: '', address_line_1: '5 CEDAR CT', ssn_match_indicator: '', locate_response_code: '' }) },
  ]);
}

export const QW: Extract<SwaRecordInput, { type: 'QW' }> = { type: 'QW', ssn: '318224410', first_name: 'DANIEL', last_name: 'REYES', employer: { fein: '259990001', name: 'HARBOR MARINE SUPPLY', line1: '12 DOCK ST', city: 'ERIE', state: 'PA', zip: '165071234' }, quarter: '20263', wages_cents: 1_250_075 };
export const UI: Extract<SwaRecordInput, { type: 'UI' }> = { type: 'UI', ssn: '318224410', first_name: 'DANIEL', last_name: 'REYES', employer: { fein: '236000000', name: 'PA UC SERVICE CENTER', line1: 'PO BOX 67503', city: 'HARRISBURG', state: 'PA', zip: '17106' }, claim_date: '2026-11-02', weekly_benefit_cents: 41_200, claimant_address: { line1: '77 LAKE ST', city: 'ERIE', state: 'PA', zip: '16503' } };


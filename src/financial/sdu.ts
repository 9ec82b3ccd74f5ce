/**
 * The State Disbursement Unit's banking identity, used on the PPD direct-deposit files it sends and to
 * recognise the account employers pay into. Set from the environment in production; the defaults are
 * fictional (their routing numbers pass the ABA check but belong to no demo bank of ours).
 */
export interface SduBanking {
  /** ODFI (the SDU's bank) routing number, 9 digits. */
  odfiRouting: string;
  odfiName: string;
  /** 10 characters: "1" + the SDU's EIN. */
  companyId: string;
  companyName: string;
}

export function sduBanking(env = process.env): SduBanking {
  return {
    odfiRouting: env.CSE_SDU_ODFI_ROUTING ?? '031000040',
    odfiName: env.CSE_SDU_ODFI_NAME ?? 'COMMONWEALTH BANK',
    companyId: env.CSE_SDU_COMPANY_ID ?? '1236000001',
    companyName: env.CSE_SDU_COMPANY_NAME ?? 'STATE SDU CHILD SUP',
  };
}

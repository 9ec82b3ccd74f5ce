/**
 * English and Spanish for the pages a parent uses (sign-in and the parent portal). The choice is kept in
 * the browser and set as the page's lang attribute so screen readers pronounce it correctly.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'en' | 'es';

const en = {
  'app.name': 'OpenCSE',
  'app.portal': 'Parent portal',
  'nav.skip': 'Skip to main content',
  'nav.signOut': 'Sign out',
  'nav.signedInAs': 'Signed in as {name}',
  'lang.switch': 'Español',
  'lang.switchLabel': 'Ver esta página en español',
  'login.title': 'Sign in',
  'login.intro': 'Caseworkers, parents and employers sign in here.',
  'login.username': 'User name',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.working': 'Signing in…',
  'login.failed': 'The user name or password is not right. Try again.',
  'login.expired': 'Your session ended. Sign in again to continue.',
  'login.signedOut': 'You signed out.',
  'login.unreachable': 'The server could not be reached. Check your connection and try again.',
  'portal.title': 'Your child support cases',
  'portal.loading': 'Loading your cases…',
  'portal.none': 'No open child support case is linked to your account. Call your local child support office if you think this is wrong.',
  'portal.case': 'Case {caseNumber}',
  'portal.status': 'Status',
  'portal.myRole': 'You are the',
  'portal.otherParent': 'Other parent',
  'portal.children': 'Children',
  'portal.opened': 'Opened',
  'portal.chooseCase': 'Show case',
  'portal.role.custodial_party': 'custodial parent (you receive support)',
  'portal.role.noncustodial_parent': 'noncustodial parent (you pay support)',
  'portal.status.open': 'Open',
  'portal.status.closed': 'Closed',
  'portal.due.title': 'Next payment due',
  'portal.due.amount': '{amount} still due for {month}',
  'portal.due.paid': 'Paid in full for {month}',
  'portal.due.noOrder': 'There is no support order on this case yet, so no payment is due.',
  'portal.monthly': 'Monthly support',
  'portal.pastDue': 'Past-due balance',
  'portal.payments.title': 'Payment history',
  'portal.payments.caption': 'Payments received on case {caseNumber}, newest first',
  'portal.payments.none': 'No payments have been received on this case.',
  'portal.payments.date': 'Date received',
  'portal.payments.amount': 'Amount',
  'portal.payments.method': 'How it was paid',
  'portal.payments.current': 'To this month’s support',
  'portal.payments.pastDue': 'To past-due support',
  'portal.payments.status': 'Status',
  'portal.paidToYou.title': 'Payments sent to you',
  'portal.paidToYou.caption': 'Support sent to you on case {caseNumber}, newest first',
  'portal.paidToYou.none': 'No payments have been sent to you yet.',
  'portal.paidToYou.date': 'Date sent',
  'portal.paidToYou.method': 'Sent by',
  'portal.address.title': 'Update your address',
  'portal.address.intro': 'Tell us where you live now. A caseworker will check the new address before using it for letters. Only you and the child support office see your address.',
  'portal.address.kind': 'Type of address',
  'portal.address.residential': 'Where I live',
  'portal.address.mailing': 'Where I get mail',
  'portal.address.line1': 'Street address',
  'portal.address.line2': 'Apartment, suite or unit (optional)',
  'portal.address.city': 'City',
  'portal.address.state': 'State',
  'portal.address.zip': 'ZIP code',
  'portal.address.submit': 'Save my address',
  'portal.address.saved': 'Thank you. We saved your new address. A caseworker will verify it.',
  'portal.address.error': 'Your address was not saved. Check the fields marked below.',
  'portal.required': 'This field is required.',
  'portal.zipInvalid': 'Enter a 5-digit ZIP code (or ZIP+4).',
  'portal.stateInvalid': 'Choose a state.',
  'portal.errorTitle': 'There is a problem',
  'portal.loadFailed': 'We could not load this information. Try again later.',
  'source.check': 'Check',
  'source.cash': 'Cash',
  'source.money_order': 'Money order',
  'source.ach_employer': 'Paycheck withholding',
  'source.federal_tax_offset': 'Federal tax refund',
  'source.state_tax_offset': 'State tax refund',
  'source.unemployment_offset': 'Unemployment benefits',
  'source.interstate': 'Another state',
  'source.other': 'Other',
  'receipt.distributed': 'Applied',
  'receipt.undistributed': 'Being processed',
  'receipt.reversed': 'Returned',
  'receipt.unidentified': 'Being processed',
  'method.eft': 'Direct deposit',
  'method.check': 'Check',
  'method.internal': 'Transfer',
  'footer.text': 'OpenCSE child support enforcement system',
};

type Key = keyof typeof en;

const es: Record<Key, string> = {
  'app.name': 'OpenCSE',
  'app.portal': 'Portal para padres',
  'nav.skip': 'Saltar al contenido principal',
  'nav.signOut': 'Cerrar sesión',
  'nav.signedInAs': 'Sesión iniciada como {name}',
  'lang.switch': 'English',
  'lang.switchLabel': 'View this page in English',
  'login.title': 'Iniciar sesión',
  'login.intro': 'Los trabajadores de casos, los padres y los empleadores inician sesión aquí.',
  'login.username': 'Nombre de usuario',
  'login.password': 'Contraseña',
  'login.submit': 'Iniciar sesión',
  'login.working': 'Iniciando sesión…',
  'login.failed': 'El nombre de usuario o la contraseña no son correctos. Inténtelo de nuevo.',
  'login.expired': 'Su sesión terminó. Inicie sesión de nuevo para continuar.',
  'login.signedOut': 'Cerró la sesión.',
  'login.unreachable': 'No se pudo conectar con el servidor. Revise su conexión e inténtelo de nuevo.',
  'portal.title': 'Sus casos de manutención de menores',
  'portal.loading': 'Cargando sus casos…',
  'portal.none': 'No hay ningún caso abierto de manutención vinculado a su cuenta. Llame a su oficina local de manutención de menores si cree que esto es un error.',
  'portal.case': 'Caso {caseNumber}',
  'portal.status': 'Estado',
  'portal.myRole': 'Usted es el',
  'portal.otherParent': 'El otro padre o madre',
  'portal.children': 'Hijos',
  'portal.opened': 'Abierto el',
  'portal.chooseCase': 'Mostrar el caso',
  'portal.role.custodial_party': 'padre o madre con custodia (recibe la manutención)',
  'portal.role.noncustodial_parent': 'padre o madre sin custodia (paga la manutención)',
  'portal.status.open': 'Abierto',
  'portal.status.closed': 'Cerrado',
  'portal.due.title': 'Próximo pago',
  'portal.due.amount': 'Quedan {amount} por pagar de {month}',
  'portal.due.paid': 'Pagado por completo en {month}',
  'portal.due.noOrder': 'Este caso todavía no tiene una orden de manutención, así que no hay pagos pendientes.',
  'portal.monthly': 'Manutención mensual',
  'portal.pastDue': 'Saldo atrasado',
  'portal.payments.title': 'Historial de pagos',
  'portal.payments.caption': 'Pagos recibidos en el caso {caseNumber}, del más reciente al más antiguo',
  'portal.payments.none': 'No se ha recibido ningún pago en este caso.',
  'portal.payments.date': 'Fecha de recibo',
  'portal.payments.amount': 'Cantidad',
  'portal.payments.method': 'Forma de pago',
  'portal.payments.current': 'A la manutención del mes',
  'portal.payments.pastDue': 'A la manutención atrasada',
  'portal.payments.status': 'Estado',
  'portal.paidToYou.title': 'Pagos enviados a usted',
  'portal.paidToYou.caption': 'Manutención enviada a usted en el caso {caseNumber}, del más reciente al más antiguo',
  'portal.paidToYou.none': 'Todavía no se le ha enviado ningún pago.',
  'portal.paidToYou.date': 'Fecha de envío',
  'portal.paidToYou.method': 'Enviado por',
  'portal.address.title': 'Actualice su dirección',
  'portal.address.intro': 'Díganos dónde vive ahora. Un trabajador de casos verificará la nueva dirección antes de usarla para enviarle cartas. Solo usted y la oficina de manutención de menores ven su dirección.',
  'portal.address.kind': 'Tipo de dirección',
  'portal.address.residential': 'Donde vivo',
  'portal.address.mailing': 'Donde recibo el correo',
  'portal.address.line1': 'Dirección',
  'portal.address.line2': 'Apartamento, suite o unidad (opcional)',
  'portal.address.city': 'Ciudad',
  'portal.address.state': 'Estado',
  'portal.address.zip': 'Código postal',
  'portal.address.submit': 'Guardar mi dirección',
  'portal.address.saved': 'Gracias. Guardamos su nueva dirección. Un trabajador de casos la verificará.',
  'portal.address.error': 'No se guardó su dirección. Revise los campos marcados abajo.',
  'portal.required': 'Este campo es obligatorio.',
  'portal.zipInvalid': 'Escriba un código postal de 5 dígitos (o ZIP+4).',
  'portal.stateInvalid': 'Elija un estado.',
  'portal.errorTitle': 'Hay un problema',
  'portal.loadFailed': 'No pudimos cargar esta información. Inténtelo más tarde.',
  'source.check': 'Cheque',
  'source.cash': 'Efectivo',
  'source.money_order': 'Giro postal',
  'source.ach_employer': 'Retención del sueldo',
  'source.federal_tax_offset': 'Reembolso de impuestos federales',
  'source.state_tax_offset': 'Reembolso de impuestos estatales',
  'source.unemployment_offset': 'Beneficios de desempleo',
  'source.interstate': 'Otro estado',
  'source.other': 'Otro',
  'receipt.distributed': 'Aplicado',
  'receipt.undistributed': 'En proceso',
  'receipt.reversed': 'Devuelto',
  'receipt.unidentified': 'En proceso',
  'method.eft': 'Depósito directo',
  'method.check': 'Cheque',
  'method.internal': 'Transferencia',
  'footer.text': 'Sistema OpenCSE de cumplimiento de manutención de menores',
};

const DICTIONARIES: Record<Lang, Record<Key, string>> = { en, es };
export const LOCALES: Record<Lang, string> = { en: 'en-US', es: 'es-US' };

interface I18nValue {
  lang: Lang;
  locale: string;
  setLang: (lang: Lang) => void;
  t: (key: Key, vars?: Record<string, string>) => string;
  /** A translation for a key built from a code ("source." + code), or the code itself. */
  tc: (prefix: string, code: string) => string;
}

const I18nContext = createContext<I18nValue | null>(null);
const STORAGE_KEY = 'opencse.lang';

function initialLang(): Lang {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'es') return saved;
  } catch {
    // Storage may be off; English then.
  }
  return 'en';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not kept across visits then.
    }
  }, []);
  const value = useMemo<I18nValue>(() => {
    const dict = DICTIONARIES[lang];
    const t = (key: Key, vars: Record<string, string> = {}) => dict[key].replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? `{${name}}`);
    const tc = (prefix: string, code: string) => (dict as Record<string, string>)[`${prefix}.${code}`] ?? code.replaceAll('_', ' ');
    return { lang, locale: LOCALES[lang], setLang, t, tc };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('outside I18nProvider');
  return value;
}

/** Sets <html lang> while a translated page is shown; staff pages are English. */
export function useDocumentLang(lang: Lang): void {
  useEffect(() => {
    document.documentElement.lang = lang;
    return () => {
      document.documentElement.lang = 'en';
    };
  }, [lang]);
}

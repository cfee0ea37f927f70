/**
 * Seed material for generated business data: surnames (customer ids), sales channels, countries,
 * payment methods, ticket subjects and resolution codes. No entry is a prefix of another in the
 * same list, so an id or code is always matched whole in free text.
 */

export const SURNAMES = [
  'okafor',
  'brandt',
  'moreau',
  'tanaka',
  'silva',
  'novak',
  'haddad',
  'kowalczyk',
  'fischer',
  'romero',
  'nguyen',
  'ivanova',
  'osei',
  'lindqvist',
  'marchetti',
  'duarte',
  'kaur',
  'horvath',
  'yilmaz',
  'petrov',
  'achebe',
  'sato',
  'quinn',
  'varga',
  'mensah',
  'costa',
  'dubois',
  'keller',
  'jansen',
  'weber',
] as const;

export const FIRST_NAMES = [
  'Ada',
  'Bruno',
  'Chloe',
  'Dmitri',
  'Esi',
  'Farah',
  'Goran',
  'Hana',
  'Ines',
  'Jonas',
  'Kemi',
  'Lars',
  'Mina',
  'Noor',
  'Otto',
  'Priya',
] as const;

export const CHANNELS = [
  'web-eu',
  'web-us',
  'retail-uk',
  'app-apac',
  'marketplace-de',
  'b2b-nordics',
  'phone-latam',
  'kiosk-fr',
] as const;

export const COUNTRIES = ['DE', 'FR', 'GB', 'US', 'JP', 'BR', 'SE', 'NG', 'IN', 'PL'] as const;

export const METHODS = ['visa', 'mastercard', 'amex', 'sepa-debit', 'paypal'] as const;

export const CURRENCIES = ['EUR', 'USD', 'GBP'] as const;

export const OTHER_SUBJECTS = [
  'Where is my parcel?',
  'Change of delivery address',
  'Invoice needs our VAT number',
  'Item arrived damaged',
  'Cancel my subscription',
  'Wrong size delivered',
] as const;

export const DUP_SUBJECTS = [
  'Charged twice for order {order}',
  'Double charge on {order}',
  'Two card payments for {order}?',
  'Duplicate payment - order {order}',
] as const;

export const RESOLUTION_CODES = [
  'DUPCHARGE-REFUNDED',
  'BILLING-DUP-CREDITED',
  'RECON-DOUBLE-PAY',
  'PAYDUP-RETURNED',
  'DBLCHG-RESOLVED',
  'OVERCHARGE-REVERSED',
  'DUP-CAPTURE-VOIDED',
  'TWICE-BILLED-FIXED',
] as const;

/** Approval thresholds a policy may set (deliberately not round numbers). */
export const APPROVAL_LIMITS = [320, 340, 360, 380, 420, 440, 460, 480, 540, 560, 580, 620, 640, 660, 680] as const;

/** The round thresholds a teammate who never read the policy would assume. */
export const ASSUMED_LIMITS = [250, 500, 1000] as const;

export const SEGMENTS = [
  'wholesale',
  'public-sector',
  'healthcare',
  'education',
  'hospitality',
  'logistics',
  'nonprofit',
  'manufacturing',
] as const;

export const OWNER_TEAMS = [
  'team-orion',
  'team-vega',
  'squad-kestrel',
  'desk-aurora',
  'pod-halcyon',
  'team-lyra',
  'squad-marlin',
  'desk-sequoia',
] as const;

/** Retention periods a data-retention policy may set, in days (deliberately not round). */
export const RETENTION_DAYS = [420, 450, 480, 540, 570, 600, 640, 660, 690, 720] as const;

/** The round retention periods a teammate who never read the policy would assume. */
export const ASSUMED_RETENTION = [365, 1095] as const;

export const EMAIL_DOMAINS = ['example.com', 'mail.example.org', 'corp.example.net', 'example.de'] as const;

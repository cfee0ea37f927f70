/**
 * Seeded vocabulary of the mock web: product categories with their spec labels and ranges,
 * brands, product lines, and the hosts and names of review sites, forums and news sites.
 */

/** A spec of a product category: its label, unit and the range of whole values it takes. */
export interface SpecKind {
  readonly label: string;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/** A product category. */
export interface Category {
  readonly kind: string;
  readonly plural: string;
  readonly specs: readonly [SpecKind, SpecKind];
  /** Extra spec lines shown on spec sheets (not asked for). */
  readonly extras: readonly string[];
  readonly price: readonly [number, number];
  readonly pros: readonly string[];
  readonly cons: readonly string[];
}

export const CATEGORIES: readonly Category[] = [
  {
    kind: 'e-bike',
    plural: 'e-bikes',
    specs: [
      { label: 'Battery', unit: 'Wh', min: 400, max: 900, step: 5 },
      { label: 'Range', unit: 'km', min: 55, max: 170, step: 1 },
    ],
    extras: ['Motor: mid-drive', 'Frame: aluminium', 'Gears: 10-speed'],
    price: [1400, 5200],
    pros: ['smooth motor', 'comfortable geometry', 'integrated lights'],
    cons: ['heavy frame', 'slow charging', 'basic display'],
  },
  {
    kind: 'robot vacuum',
    plural: 'robot vacuums',
    specs: [
      { label: 'Suction', unit: 'Pa', min: 2000, max: 9000, step: 100 },
      { label: 'Runtime', unit: 'min', min: 95, max: 240, step: 1 },
    ],
    extras: ['Dustbin: 0.4 l', 'Navigation: lidar', 'Mop: yes'],
    price: [250, 1400],
    pros: ['precise mapping', 'quiet operation', 'strong edge cleaning'],
    cons: ['small dustbin', 'clumsy app', 'loud base station'],
  },
  {
    kind: 'camera drone',
    plural: 'camera drones',
    specs: [
      { label: 'Flight time', unit: 'min', min: 21, max: 47, step: 1 },
      { label: 'Video range', unit: 'km', min: 6, max: 20, step: 1 },
    ],
    extras: ['Sensor: 1-inch', 'Weight class: C1', 'Video: 4K'],
    price: [380, 2300],
    pros: ['stable footage', 'easy controls', 'long battery life'],
    cons: ['costly accessories', 'weak obstacle sensing', 'noisy props'],
  },
  {
    kind: 'smartwatch',
    plural: 'smartwatches',
    specs: [
      { label: 'Battery life', unit: 'days', min: 2, max: 21, step: 1 },
      { label: 'Case weight', unit: 'g', min: 28, max: 72, step: 1 },
    ],
    extras: ['Display: AMOLED', 'Water resistance: 5 ATM', 'GPS: dual-band'],
    price: [190, 950],
    pros: ['bright display', 'accurate GPS', 'light strap'],
    cons: ['thin app store', 'slow charging', 'bulky case'],
  },
  {
    kind: 'espresso machine',
    plural: 'espresso machines',
    specs: [
      { label: 'Boiler', unit: 'ml', min: 300, max: 2000, step: 50 },
      { label: 'Warm-up time', unit: 's', min: 15, max: 130, step: 1 },
    ],
    extras: ['Pump: vibratory', 'Portafilter: 58 mm', 'Steam wand: yes'],
    price: [320, 2600],
    pros: ['rich crema', 'fast steam', 'solid build'],
    cons: ['small drip tray', 'loud pump', 'fiddly descaling'],
  },
  {
    kind: 'mesh router',
    plural: 'mesh routers',
    specs: [
      { label: 'Throughput', unit: 'Mbps', min: 1800, max: 11000, step: 100 },
      { label: 'Coverage', unit: 'm²', min: 150, max: 650, step: 10 },
    ],
    extras: ['Bands: tri-band', 'Ports: 2.5 GbE', 'Nodes: 3'],
    price: [180, 1300],
    pros: ['stable roaming', 'simple setup', 'fast backhaul'],
    cons: ['pricey nodes', 'few ports', 'subscription features'],
  },
  {
    kind: 'e-reader',
    plural: 'e-readers',
    specs: [
      { label: 'Storage', unit: 'GB', min: 8, max: 128, step: 8 },
      { label: 'Battery life', unit: 'weeks', min: 3, max: 12, step: 1 },
    ],
    extras: ['Screen: 300 ppi', 'Waterproof: IPX8', 'Front light: warm'],
    price: [90, 480],
    pros: ['crisp text', 'even front light', 'light weight'],
    cons: ['slow page turns', 'closed store', 'no audio'],
  },
  {
    kind: 'portable power station',
    plural: 'portable power stations',
    specs: [
      { label: 'Capacity', unit: 'Wh', min: 250, max: 3600, step: 10 },
      { label: 'AC output', unit: 'W', min: 300, max: 3000, step: 50 },
    ],
    extras: ['Chemistry: LiFePO4', 'Outlets: 6', 'Solar input: yes'],
    price: [220, 3100],
    pros: ['fast recharge', 'many outlets', 'quiet fan'],
    cons: ['heavy', 'clunky app', 'short cables'],
  },
];

export const BRANDS: readonly string[] = [
  'Corvid',
  'Halden',
  'Brightwater',
  'Kestrel',
  'Norvik',
  'Tallis',
  'Quorra',
  'Meridian',
  'Oakhurst',
  'Vantor',
  'Solenne',
  'Arkwright',
  'Petrel',
  'Lumio',
];
export const LINES: readonly string[] = [
  'Nimbus',
  'Aster',
  'Vela',
  'Strato',
  'Pulse',
  'Orbit',
  'Tern',
  'Halo',
  'Zephyr',
  'Cobalt',
  'Juniper',
  'Lynx',
  'Sable',
  'Quill',
  'Ember',
  'Drift',
];
export const ADJECTIVES: readonly string[] = ['flagship', 'mid-range', 'best-selling', 'newest', 'compact', 'premium'];

/** Review sites (host, display name). */
export const REVIEW_SITES: readonly (readonly [string, string])[] = [
  ['gearverdict.example', 'GearVerdict'],
  ['testbench.example', 'TestBench'],
  ['thereviewdesk.example', 'The Review Desk'],
  ['fieldtested.example', 'FieldTested'],
  ['honestspecs.example', 'HonestSpecs'],
];

/** Sites a user may rule out: forums and deal aggregators (host, display name). */
export const EXCLUDABLE_SITES: readonly (readonly [string, string])[] = [
  ['talk.owners-club.example', 'Owners Club forum'],
  ['forum.gadgetchat.example', 'GadgetChat forum'],
  ['dealhunt.example', 'DealHunt'],
  ['boards.techtalk.example', 'TechTalk boards'],
  ['bargainbin.example', 'BargainBin deals'],
];

/** News sites (host, display name). */
export const NEWS_SITES: readonly (readonly [string, string])[] = [
  ['dailycircuit.example', 'The Daily Circuit'],
  ['techwire.example', 'TechWire'],
  ['marketbeat.example', 'MarketBeat'],
  ['consumerpost.example', 'Consumer Post'],
];

/** Comparison sites (host, display name). */
export const COMPARISON_SITES: readonly (readonly [string, string])[] = [
  ['comparehub.example', 'CompareHub'],
  ['specsversus.example', 'SpecsVersus'],
  ['pricepilot.example', 'PricePilot'],
];

export const MONTHS: readonly string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Headings a section may go by (one is picked per task). */
export const HEADINGS = {
  overview: ['Overview', 'Summary', 'At a glance'],
  specs: ['Specifications', 'Key specs', 'Technical details'],
  pricing: ['Pricing', 'Price', 'Cost'],
  reception: ['Reception', 'Reviews', 'What reviewers say'],
  notes: ['Notes', 'Scratchpad', 'Open questions'],
} as const;

/** `Nimbus 4` → `nimbus-4`. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** 12345 → "12,345". */
export function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

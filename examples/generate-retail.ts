/**
 * Generates `examples/retail/sales.csv`: a realistic synthetic daily retail demand dataset.
 *
 * 4 stores × 6 items (24 series) over two years, daily, with:
 * - weekly seasonality (weekend peaks, store-specific), yearly seasonality (summer/December),
 * - a slow trend per item, promotions (≈ 1 week in 8, +40–90 % uplift, in `promo.csv`),
 * - intermittent zeros for a slow mover and a stock-out week,
 * - one new product launched 10 weeks before the end (short history),
 * - negative-binomial-like count noise.
 * Deterministic (seeded), so the file in git is reproducible: `npx tsx examples/generate-retail.ts`.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mulberry32 } from '../shared/nn/prng';


const rand = mulberry32(20261204);
const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
/** Poisson–gamma mixture (negative binomial) count with mean mu and dispersion k. */
function negBinom(mu: number, k = 8): number {
  const g = Math.max(0, mu * (1 + gauss() / Math.sqrt(k)));
  // Poisson by inversion for small means, normal approximation for large ones.
  if (g < 30) {
    let p = Math.exp(-g);
    let s = p;
    const u = rand();
    let n = 0;
    while (u > s && n < 200) {
      n++;
      p *= g / n;
      s += p;
    }
    return n;
  }
  return Math.max(0, Math.round(g + Math.sqrt(g) * gauss()));
}

const stores = ['berlin', 'hamburg', 'munich', 'cologne'];
const items = [
  { sku: 'coffee-beans', base: 40, trend: 0.0004, yearly: 0.1 },
  { sku: 'ice-cream', base: 25, trend: 0.0002, yearly: 0.6 },
  { sku: 'gingerbread', base: 6, trend: 0, yearly: 1.5 },
  { sku: 'sparkling-water', base: 60, trend: 0.0006, yearly: 0.3 },
  { sku: 'saffron', base: 0.6, trend: 0, yearly: 0.1 }, // slow mover: many zeros
  { sku: 'oat-milk', base: 20, trend: 0.0015, yearly: 0.05 },
];
const start = Date.UTC(2024, 0, 1);
const days = 731;
const weekly = [0.85, 0.8, 0.85, 0.95, 1.15, 1.4, 1.0]; // Mon..Sun

const lines = ['store,item,series_id,date,units'];
const promoLines = ['series_id,date,promo'];
stores.forEach((store, si) => {
  const storeSize = [1.2, 0.9, 1.1, 0.8][si]!;
  items.forEach((item, ii) => {
    const id = `${store}/${item.sku}`;
    const stockOutStart = 200 + Math.floor(rand() * 300);
    for (let d = 0; d < days; d++) {
      const t = start + d * 86_400_000;
      const date = new Date(t).toISOString().slice(0, 10);
      const dow = (new Date(t).getUTCDay() + 6) % 7;
      const doy = d % 365;
      const yearly =
        item.sku === 'gingerbread'
          ? Math.exp(item.yearly * Math.max(0, Math.cos((2 * Math.PI * (doy - 350)) / 365)) ** 4)
          : 1 + item.yearly * Math.cos((2 * Math.PI * (doy - 190)) / 365);
      const promo = Math.floor((d + 7 * ii + 3 * si) / 7) % 8 === 0 && item.sku !== 'saffron';
      const uplift = promo ? 1.4 + 0.5 * ((si + ii) % 3) / 2 : 1;
      let mu = item.base * storeSize * weekly[dow]! * yearly * (1 + item.trend * d) * uplift;
      if (d >= stockOutStart && d < stockOutStart + 6 && ii === 3 && si === 1) mu = 0; // stock-out
      lines.push(`${store},${item.sku},${id},${date},${negBinom(mu)}`);
      if (promo) promoLines.push(`${id},${date},1`);
    }
  });
  // New product: launched 10 weeks before the end.
  const id = `${store}/protein-bar`;
  for (let d = days - 70; d < days; d++) {
    const t = start + d * 86_400_000;
    const dow = (new Date(t).getUTCDay() + 6) % 7;
    const ramp = Math.min(1, (d - (days - 70)) / 21);
    lines.push(`${store},protein-bar,${id},${new Date(t).toISOString().slice(0, 10)},${negBinom(15 * storeSize * weekly[dow]! * (0.3 + 0.7 * ramp))}`);
  }
});

const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(here, 'retail'), { recursive: true });
writeFileSync(join(here, 'retail', 'sales.csv'), lines.join('\n') + '\n');
writeFileSync(join(here, 'retail', 'promotions.csv'), promoLines.join('\n') + '\n');
console.log(`wrote ${lines.length - 1} rows (${stores.length * (items.length + 1)} series) to examples/retail/sales.csv`);

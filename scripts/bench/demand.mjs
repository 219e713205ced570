// The opening's demand, built deterministically from the seeded university: every student's
// cart holds `cartSize` distinct sections they may take (their major's or general education),
// drawn with Zipf-like popularity so a few sections get far more requests than seats.
// The arrivals are every cart's (student, section) pairs in one shuffled order: students click
// "enroll" on their sections through the opening. (Sending a cart's requests back to back made
// the baseline's transactions queue on their own student's row lock and exhaust its connection
// pool at ~150/s: a cost of that ordering, not of the design, so the bench does not use it.)

/** mulberry32: small, fast, deterministic. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(list, rnd) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

/** A sampler over `items` with weight 1/rank^s (ranks in a shuffled order). */
function zipf(items, s, rnd) {
  const ranked = shuffle([...items], rnd);
  const cum = [];
  let total = 0;
  for (let r = 0; r < ranked.length; r++) cum.push((total += 1 / (r + 1) ** s));
  return () => {
    const x = rnd() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1; else hi = mid;
    }
    return ranked[lo];
  };
}

/**
 * @param sql a mysql2/promise connection on the bench database
 * @returns { arrivals: [studentId, sectionId][], seats, demandBySection }
 */
export async function buildDemand(sql, { cartSize, popularityExponent, seed }) {
  const [students] = await sql.query('SELECT id, major_id FROM student ORDER BY id');
  const [sections] = await sql.query(
    'SELECT s.id, s.capacity, l.major_id, m.general_education AS ge FROM section s JOIN lecture l ON l.id = s.lecture_id JOIN major m ON m.id = l.major_id ORDER BY s.id',
  );
  const rnd = prng(seed);
  const ge = sections.filter((s) => s.ge).map((s) => s.id);
  const byMajor = new Map();
  for (const s of sections) if (!s.ge) byMajor.set(s.major_id, [...(byMajor.get(s.major_id) ?? []), s.id]);
  const samplers = new Map([...byMajor].map(([major, ids]) => [major, zipf([...ids, ...ge], popularityExponent, rnd)]));
  const carts = students.map((st) => {
    const pick = samplers.get(st.major_id);
    const cart = new Set();
    for (let tries = 0; cart.size < cartSize && tries < cartSize * 50; tries++) cart.add(pick());
    return [...cart].map((sectionId) => [st.id, sectionId]);
  });
  const arrivals = shuffle(carts.flat(), rnd);
  const demand = new Map();
  for (const [, x] of arrivals) demand.set(x, (demand.get(x) ?? 0) + 1);
  const seats = sections.reduce((sum, s) => sum + s.capacity, 0);
  const oversubscribed = sections.filter((s) => (demand.get(s.id) ?? 0) > s.capacity).length;
  return { arrivals, seats, sections: sections.length, students: students.length, oversubscribed };
}

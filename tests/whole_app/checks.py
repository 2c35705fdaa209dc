"""What the whole-app properties measure in a page, as JavaScript evaluated in the browser."""
from __future__ import annotations

from tests.whole_app.site import AXE

PHONE_WIDTH = 390
PHONE = {"width": PHONE_WIDTH, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Property 2 on the page open now: horizontal overflow, inputs under 16 px (a phone zooms in on focus),
# tap targets under 24 × 24 px (WCAG 2.2 AA 2.5.8) that no exception covers: the inline exception (a link
# in a sentence), the user-agent control exception (a checkbox or radio the page does not restyle),
# the spacing exception (a 24 px circle on its centre meets no other target).
PHONE_CHECK = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth || window.innerWidth > %(width)d) {
    // the culprits: elements sticking out whose parent does not (nor scrolls them)
    const sticksOut = e => { const r = e.getBoundingClientRect(); return r.right > %(width)d + 1 && r.width > 0; };
    const wide = [...document.querySelectorAll('body *')].filter(e => sticksOut(e) && e.parentElement &&
      !sticksOut(e.parentElement) && !['auto', 'scroll', 'hidden'].includes(getComputedStyle(e.parentElement).overflowX)
    ).slice(0, 4).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                           (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') +
                           ' (' + Math.round(e.getBoundingClientRect().right) + ' px)');
    problems.push(`page ${root.scrollWidth} px wide in a ${window.innerWidth} px viewport: ${wide.join(', ')}`);
  }
  const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.name ? `[name=${e.name}]` : '') +
                        (e.textContent.trim() ? ` "${e.textContent.trim().slice(0, 30)}"` : '');
  const visible = e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
                         return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && r.right > 0 && r.bottom > 0; };
  for (const input of document.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=submit]):not([type=button]):not([type=file]), select, textarea')) {
    if (!visible(input)) continue;
    const size = parseFloat(getComputedStyle(input).fontSize);
    if (size < 16) problems.push(`input ${describe(input)}: font-size ${size} px (under 16 px, a phone zooms in)`);
  }
  const targets = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]')]
    .filter(visible);
  const rects = targets.map(e => e.getBoundingClientRect());
  const small = targets.map((e, i) => rects[i].width < 23.5 || rects[i].height < 23.5);
  const inline = e => {
    if (e.tagName !== 'A') return false;
    if (getComputedStyle(e).display !== 'inline') return false;
    let block = e.parentElement;
    while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
    return block && block.textContent.trim().length > e.textContent.trim().length;
  };
  const userAgentControl = e => e.tagName === 'INPUT' && ['checkbox', 'radio'].includes(e.type) &&
                                getComputedStyle(e).appearance !== 'none';
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const distanceToRect = ([x, y], r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  targets.forEach((e, i) => {
    if (!small[i] || inline(e) || userAgentControl(e)) return;
    const c = centre(rects[i]);
    const crowded = targets.some((other, j) => j !== i && !other.contains(e) && !e.contains(other) && (
      small[j] ? Math.hypot(c[0] - centre(rects[j])[0], c[1] - centre(rects[j])[1]) < 24
               : distanceToRect(c, rects[j]) < 12));
    if (crowded) problems.push(`tap target ${describe(e)}: ${Math.round(rects[i].width)}×${Math.round(rects[i].height)} px, too close to another`);
  });
  return problems;
}""" % {"width": PHONE_WIDTH}  # noqa: E501, UP031 (JavaScript, whose braces rule out str.format)

AXE_SOURCE = AXE.read_text(encoding="utf-8")

# axe-core's default rules (WCAG 2.0–2.2 A and AA, and its best practices), violations only.
AXE_RUN = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def with_axe(context):
    """Give every page of ``context`` the vendored axe-core, as an init script: the browser injects it through
    the DevTools protocol, which the page's CSP does not govern (no ``bypass_csp``). Nothing is fetched, and
    the same page load keeps its CSP check honest."""
    context.add_init_script(script=AXE_SOURCE)
    return context


def run_axe(page) -> list[dict]:
    """axe-core's violations on the page open now."""
    return page.evaluate(AXE_RUN)

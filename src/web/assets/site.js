// Downwatch status site: progressive enhancement only. Without this file every page still shows
// the verdicts, counts, charts and a working report form; with it, times are shown in the reader's
// time zone, the page follows the live stream, reports are sent without a reload, and the theme
// and language switches act at once.
(() => {
  const configEl = document.getElementById('dw-config');
  if (!configEl) return;
  const config = JSON.parse(configEl.textContent || '{}');
  const lang = config.lang || document.documentElement.lang || 'en';
  const VERDICTS = ['no_problems', 'possible_problems', 'problems_detected'];
  const numberFormat = new Intl.NumberFormat(lang);
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  // Times: the server renders UTC; show them in the reader's own zone and language.
  const formats = {};
  for (const [name, options] of Object.entries(config.timeStyles || {})) {
    try {
      formats[name] = new Intl.DateTimeFormat(lang, options);
    } catch {
      // an engine without this option keeps the server's UTC text
    }
  }
  const localiseTimes = (root) => {
    for (const el of $$('time[data-fmt], text[data-fmt]', root)) {
      const iso = el.getAttribute('datetime') || el.getAttribute('data-t');
      const f = formats[el.getAttribute('data-fmt')];
      if (iso && f) el.textContent = f.format(new Date(iso));
    }
  };
  localiseTimes(document);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const note = $('#tz-note');
  if (note && zone && config.text) note.textContent = config.text.timesLocal.replace('{zone}', zone);

  // Embed snippets and citations name this site's own address.
  for (const el of $$('[data-origin]')) {
    el.textContent = el.textContent.replace(/(^|[\s"])\/(badge|incidents)\//g, `$1${location.origin}/$2/`);
  }

  // Language: switch as soon as another is chosen (the form still works without this).
  const langSelect = $('#lang-select');
  if (langSelect) {
    langSelect.addEventListener('change', () => langSelect.form?.submit());
    const go = $('.lang-go');
    if (go) go.classList.add('vh');
  }

  // Theme: automatic → light → dark, remembered in this browser.
  const toggle = $('#theme-toggle');
  const themeLabel = (t) =>
    t === 'light' ? config.text.themeLight : t === 'dark' ? config.text.themeDark : config.text.themeAuto;
  if (toggle) {
    toggle.hidden = false;
    const show = () => {
      const label = themeLabel(document.documentElement.dataset.theme);
      toggle.setAttribute('aria-label', label);
      toggle.title = label;
    };
    show();
    toggle.addEventListener('click', () => {
      const now = document.documentElement.dataset.theme;
      const next = now === undefined ? 'light' : now === 'light' ? 'dark' : undefined;
      if (next) document.documentElement.dataset.theme = next;
      else delete document.documentElement.dataset.theme;
      try {
        if (next) localStorage.setItem('theme', next);
        else localStorage.removeItem('theme');
      } catch {
        // private mode: the choice lasts for this page only
      }
      show();
    });
  }

  // Verdicts and counts, updated in place.
  const setVerdict = (el, verdict) => {
    if (!el || el.dataset.verdict === verdict) return;
    el.dataset.verdict = verdict;
    el.className = el.className.replace(/\bv-[a-z_]+/, `v-${verdict}`);
    const text = $('.vt', el);
    if (text) text.textContent = config.verdicts[verdict];
  };
  const setCount = (root, key, value) => {
    for (const el of $$(`[data-count="${key}"]`, root)) el.textContent = numberFormat.format(value);
  };
  const readCount = (key) => {
    const el = $(`[data-count="${key}"]`);
    return el ? Number(el.textContent.replace(/[^\d]/g, '')) || 0 : 0;
  };

  // Regions of the page re-rendered by the server, swapped in without a reload.
  let refreshing = false;
  let again = false;
  const refresh = async () => {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    try {
      const res = await fetch(location.href, { cache: 'no-cache', headers: { accept: 'text/html' } });
      if (res.ok) {
        const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
        for (const el of $$('[data-live-region][id]')) {
          const fresh = doc.getElementById(el.id);
          if (fresh) {
            el.replaceWith(fresh);
            localiseTimes(fresh);
          }
        }
        window.dispatchEvent(new CustomEvent('dw:refreshed'));
      }
    } catch {
      // the next event tries again
    } finally {
      refreshing = false;
      if (again) {
        again = false;
        refresh();
      }
    }
  };

  // The live stream: one compact status event per snapshot rebuild.
  const bucket = (iso, minutes) => Math.floor(Date.parse(iso) / (minutes * 60_000));
  const live = config.live;
  const dot = $('#live');
  let last = null;
  const onStatus = (data) => {
    const prev = last;
    last = data;
    if (live.page === 'home') {
      for (const li of $$('li.svc[data-slug]')) {
        const s = data.s[li.dataset.slug];
        if (!s) continue;
        setVerdict($('.verdict', li), VERDICTS[s[0]]);
        setCount(li, 'reports15m', s[1]);
      }
      const ids = data.i.map((x) => x.join(':')).join(',');
      if (prev && ids !== prev.i.map((x) => x.join(':')).join(',')) refresh();
    } else if (live.page === 'service') {
      const s = data.s[live.slug];
      if (!s) return;
      setVerdict($('.big-verdict .verdict'), VERDICTS[s[0]]);
      setCount(document, 'reports15m', s[1]);
      setCount(document, 'reports24h', s[2]);
      // Re-render the chart and lists when this service's figures change or a new 15-minute bucket starts.
      const before = prev?.s[live.slug];
      if (prev && (!before || before.join() !== s.join() || bucket(data.t, 15) !== bucket(prev.t, 15)))
        refresh();
    } else if (live.page === 'incident') {
      // An open incident's figures grow: follow it at most once a minute, and at once when it changes.
      const mine = (d) => d.i.find((x) => x[0] === live.id)?.join();
      const open = mine(data) !== undefined;
      if (prev && (mine(data) !== mine(prev) || (open && bucket(data.t, 1) !== bucket(prev.t, 1)))) refresh();
    }
  };
  if (live && 'EventSource' in window) {
    const source = new EventSource('/api/v1/live');
    source.addEventListener('status', (e) => {
      if (dot) {
        dot.hidden = false;
        dot.classList.add('on');
        dot.textContent = config.text.liveOn;
      }
      onStatus(JSON.parse(e.data));
    });
    source.addEventListener('error', () => {
      if (dot) {
        dot.classList.remove('on');
        dot.textContent = config.text.liveOff;
      }
    });
  }

  // The report form: send to the JSON API, say thanks, move the count at once.
  const form = $('.report-form');
  const notice = $('#report-notice');
  if (form && notice) {
    form.addEventListener('submit', async (e) => {
      const button = e.submitter;
      if (!button?.value) return;
      e.preventDefault();
      const buttons = $$('button', form);
      for (const b of buttons) b.disabled = true;
      notice.innerHTML = '';
      const say = (text, ok) => {
        const p = document.createElement('p');
        p.className = `notice ${ok ? 'ok' : 'bad'}`;
        p.textContent = text;
        notice.replaceChildren(p);
      };
      say(config.text.sending, true);
      try {
        const res = await fetch('/api/v1/reports', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ service: form.dataset.slug, problem: button.value }),
        });
        if (res.status === 201) {
          const body = await res.json();
          say(config.text.thanks.replace('{problem}', button.textContent.trim()), true);
          if (body.counted) {
            setCount(document, 'reports15m', readCount('reports15m') + 1);
            setCount(document, 'reports24h', readCount('reports24h') + 1);
          }
        } else {
          say(
            res.status === 429
              ? config.text.rateLimited
              : res.status >= 500
                ? config.text.unavailable
                : config.text.invalid,
            false,
          );
        }
      } catch {
        say(config.text.unavailable, false);
      } finally {
        for (const b of buttons) b.disabled = false;
      }
    });
  }

  // Chart tooltips for touch screens (the bars' <title> already serves mouse users).
  const tip = document.createElement('div');
  tip.className = 'tip';
  tip.hidden = true;
  tip.setAttribute('aria-hidden', 'true');
  document.body.append(tip);
  document.addEventListener('pointerover', (e) => {
    const bar = e.target instanceof Element ? e.target.closest('.ch-bar') : null;
    if (!bar || e.pointerType === 'mouse') {
      tip.hidden = true;
      return;
    }
    tip.textContent = $('title', bar)?.textContent || '';
    tip.style.left = `${Math.min(e.clientX + 12, window.innerWidth - 200)}px`;
    tip.style.top = `${e.clientY + 12}px`;
    tip.hidden = false;
  });
})();

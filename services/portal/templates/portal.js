// Region search on /lapor (docs/portal.md), progressive: without JavaScript the lists work step
// by step with the "Pilih wilayah" button. With it, one search box over every kabupaten,
// kecamatan and desa name (the list is fetched from /static/wilayah.json on first use), and the
// lists below fill as soon as the one above is chosen.
(function () {
  'use strict';
  var tpl = document.getElementById('cari-tpl');
  var kab = document.getElementById('kabupaten');
  var kec = document.getElementById('kecamatan');
  var desa = document.getElementById('desa');
  var step = document.querySelector('button[name="langkah"]');
  if (!tpl || !tpl.content || !kab || !kec || !desa || !window.fetch || kab.options.length < 2) {
    return;
  }
  kab.parentNode.insertBefore(tpl.content.cloneNode(true), tpl);
  var input = document.getElementById('cari');
  var status = document.getElementById('cari-status');
  var results = document.getElementById('cari-hasil');
  var choose = kab.options[0].text;
  var kabDepth = kab.options[1].value.split('.').length;
  var kMax = 8;
  var regions = null;
  var names = {};
  var loading = null;
  var hint = document.getElementById('wilayah-hint');
  var hintWithoutJs = hint ? hint.textContent : '';

  // A failed fetch is reported once, by load(); the step button is back then.
  function ignore() {}
  function parentOf(code) {
    return code.slice(0, code.lastIndexOf('.'));
  }
  function depthOf(code) {
    return code.split('.').length;
  }
  function fold(text) {
    return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }

  function load() {
    if (!loading) {
      loading = fetch('/static/wilayah.json', { credentials: 'omit' })
        .then(function (r) {
          if (!r.ok) throw new Error('HTTP ' + r.status);
          return r.json();
        })
        .then(function (list) {
          list.forEach(function (e) { names[e[0]] = e[1]; });
          // Each entry with its path up to the kabupaten: "Fatubesi, Kota Lama, Kota Kupang".
          regions = list.filter(function (e) { return depthOf(e[0]) >= kabDepth; })
            .map(function (e) {
              var label = e[1];
              for (var c = e[0]; depthOf(c) > kabDepth;) {
                c = parentOf(c);
                label += ', ' + (names[c] || c);
              }
              return { code: e[0], name: fold(e[1]), label: label, key: fold(label) };
            });
          return regions;
        });
      loading.catch(function () {
        status.textContent = input.getAttribute('data-error');
        if (step) step.hidden = false;
        if (hint) hint.textContent = hintWithoutJs;
        loading = null;
      });
    }
    return loading;
  }

  function fill(select, parent, chosen) {
    select.textContent = '';
    select.add(new Option(choose, '', false, !chosen));
    regions.forEach(function (r) {
      if (parentOf(r.code) === parent) {
        select.add(new Option(names[r.code], r.code, false, r.code === chosen));
      }
    });
  }
  function clear(select) {
    select.textContent = '';
    select.add(new Option(choose, ''));
  }

  // Sets the three lists to a kabupaten, kecamatan or desa code.
  function pick(code) {
    var parts = code.split('.');
    var k = parts.slice(0, kabDepth).join('.');
    var c = parts.length > kabDepth ? parts.slice(0, kabDepth + 1).join('.') : '';
    kab.value = k;
    fill(kec, k, c);
    if (c) fill(desa, c, parts.length > kabDepth + 1 ? code : '');
    else clear(desa);
    (parts.length > kabDepth + 1 ? desa : c ? desa : kec).focus();
  }

  function search() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    results.textContent = '';
    status.textContent = '';
    if (!words.length || words.join('').length < 2) return;
    load().then(function () {
      var found = regions.filter(function (r) {
        return words.every(function (w) { return r.key.indexOf(w) >= 0; });
      });
      // Names that start with the first word first, then kabupaten before kecamatan before desa.
      found.sort(function (a, b) {
        var sa = a.name.indexOf(words[0]) === 0 ? 0 : 1;
        var sb = b.name.indexOf(words[0]) === 0 ? 0 : 1;
        return sa - sb || depthOf(a.code) - depthOf(b.code) || (a.label < b.label ? -1 : 1);
      });
      results.textContent = '';
      found.slice(0, kMax).forEach(function (r) {
        var li = document.createElement('li');
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'result';
        button.textContent = r.label;
        button.setAttribute('data-code', r.code);
        button.addEventListener('click', function () {
          pick(r.code);
          results.textContent = '';
          status.textContent = '';
        });
        li.appendChild(button);
        results.appendChild(li);
      });
      status.textContent = !found.length ? input.getAttribute('data-none')
        : found.length > kMax ? input.getAttribute('data-more') : '';
    }, ignore);
  }

  input.addEventListener('input', search);
  input.addEventListener('focus', function () { load().then(null, ignore); });
  // The lists fill at once when the one above changes: the step button is not needed then.
  kab.addEventListener('change', function () {
    load().then(function () {
      fill(kec, kab.value, '');
      clear(desa);
    }, ignore);
  });
  kec.addEventListener('change', function () {
    load().then(function () { fill(desa, kec.value, ''); }, ignore);
  });
  if (step) step.hidden = true;
  if (hint && hint.getAttribute('data-js')) hint.textContent = hint.getAttribute('data-js');
})();

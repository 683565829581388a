/* global document, fetch, setTimeout */
// The /demo/ page: pick a demo person, speak in the unit group or privately to the bot, and watch
// the transcript the real bot writes. Plain browser JavaScript, no build step; every text goes in
// through textContent, never as HTML.
(function () {
  'use strict';

  var POLL_MS = 800;
  var STATE_EVERY_MS = 5000;

  var view = null; // the last GET /demo/api/state
  var people = {}; // contactId -> { label, kind, resident? }
  var picked = null; // contactId
  var lines = []; // the transcript so far
  var lastSeq = 0;
  var lastStateAt = 0;

  var $ = function (id) {
    return document.getElementById(id);
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function status(text) {
    $('status').textContent = text || '';
  }

  function fetchJson(path, options) {
    return fetch(path, options).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          var error = new Error((body && body.message) || '出错了');
          error.body = body;
          throw error;
        }
        return body;
      });
    });
  }

  // ------------------------------------------------------------------------------------- people

  function personButton(contactId, parts) {
    var button = el('button');
    button.type = 'button';
    button.dataset.contactId = contactId;
    button.setAttribute('aria-pressed', String(contactId === picked));
    parts.forEach(function (part) {
      button.appendChild(part);
    });
    button.addEventListener('click', function () {
      pick(contactId);
    });
    var item = el('li');
    item.appendChild(button);
    return item;
  }

  function renderPeople() {
    people = {};
    var residents = $('residents');
    residents.textContent = '';
    view.residents.forEach(function (r) {
      var label = r.room + ' ' + r.name;
      people[r.contactId] = { label: label, kind: 'resident', resident: r };
      var parts = [el('span', 'name', label)];
      if (r.applicantRepresentative) parts.push(el('span', 'badge unbound', '申请人代表'));
      parts.push(r.bound ? el('span', 'badge bound', '已绑定') : el('span', 'badge unbound', '未绑定'));
      if (r.voted) parts.push(el('span', 'badge voted', '已表决'));
      if (!r.bound && r.bindingCode) parts.push(el('span', 'code', '绑定码：' + r.bindingCode));
      var item = personButton(r.contactId, parts);
      item.dataset.room = r.room;
      residents.appendChild(item);
    });
    var strangers = $('strangers');
    strangers.textContent = '';
    view.strangers.forEach(function (s) {
      people[s.contactId] = { label: s.name + '（非业主）', kind: 'stranger' };
      strangers.appendChild(personButton(s.contactId, [el('span', 'name', s.name + '（租户，不是业主）')]));
    });
    var committee = $('committee');
    committee.textContent = '';
    view.committee.forEach(function (c) {
      people[c.contactId] = { label: '居委会 ' + c.name, kind: 'committee' };
      committee.appendChild(personButton(c.contactId, [el('span', 'name', '居委会 ' + c.name)]));
    });
    $('unit-name').textContent = view.unitName || '';
    $('group-title').textContent = '单元群：' + (view.unitName || '');
    renderSpeaker();
  }

  function loadState() {
    lastStateAt = Date.now();
    return fetchJson('/demo/api/state').then(function (body) {
      view = body;
      renderPeople();
    });
  }

  function pick(contactId) {
    picked = contactId;
    renderPeople();
    renderChats();
    $('input').focus();
  }

  function renderSpeaker() {
    var person = picked && people[picked];
    $('input').disabled = !person;
    $('send').disabled = !person;
    $('speaker').textContent = person
      ? '现在以「' + person.label + '」的身份说话'
      : '请先在「以谁的身份说话」里选一个人';
    $('private-title').textContent = person ? person.label + ' 和加梯助手的私聊' : '私聊加梯助手';
    renderQuick(person);
  }

  function renderQuick(person) {
    var quick = $('quick');
    quick.textContent = '';
    if (!person) return;
    var phrases = [];
    if (person.resident && !person.resident.bound && person.resident.bindingCode) {
      phrases.push('绑定 ' + person.resident.bindingCode);
    }
    phrases.push('同意', '反对', '弃权', '进度', '帮助');
    if (person.kind === 'committee' || (person.resident && person.resident.applicantRepresentative)) {
      phrases.push('提醒');
    }
    phrases.forEach(function (phrase) {
      var button = el('button', '', '发「' + phrase + '」');
      button.type = 'button';
      button.dataset.say = phrase;
      button.addEventListener('click', function () {
        // A binding code is said to the bot privately, never in the group.
        if (phrase.indexOf('绑定 ') === 0) $('target-bot').checked = true;
        say(phrase);
      });
      quick.appendChild(button);
    });
  }

  // --------------------------------------------------------------------------------- messages

  function nameOf(contactId) {
    if (contactId === 'bot') return '加梯助手';
    var person = people[contactId];
    return person ? person.label : '群成员';
  }

  // Times as the unit lives them, in Asia/Shanghai whatever the visitor's own zone; a line of
  // another day than today's (the history the demo opened with) also shows its date.
  var TIME = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  var DAY = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric' });
  var DAY_KEY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

  function when(at) {
    var date = new Date(at);
    var sameDay = DAY_KEY.format(date) === DAY_KEY.format(new Date());
    return (sameDay ? '' : DAY.format(date) + ' ') + TIME.format(date);
  }

  function lineItem(line) {
    var item = el('li', line.from === 'bot' ? 'from-bot' : line.from === picked ? 'from-me' : '');
    item.dataset.seq = String(line.seq);
    var who = el('div', 'who');
    who.appendChild(el('span', 'name', nameOf(line.from)));
    var time = el('time', '', when(line.at));
    time.dateTime = line.at;
    who.appendChild(time);
    item.appendChild(who);
    item.appendChild(el('div', 'bubble', line.text));
    return item;
  }

  function renderLog(list, shown) {
    var nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    list.textContent = '';
    shown.forEach(function (line) {
      list.appendChild(lineItem(line));
    });
    if (nearBottom || shown.length < 4) list.scrollTop = list.scrollHeight;
  }

  function renderChats() {
    renderLog(
      $('group-log'),
      lines.filter(function (line) {
        return line.to === 'group';
      }),
    );
    renderLog(
      $('private-log'),
      lines.filter(function (line) {
        return (
          picked !== null &&
          ((line.from === picked && line.to === 'bot') || (line.from === 'bot' && line.to === picked))
        );
      }),
    );
  }

  function poll() {
    fetchJson('/demo/api/messages?after=' + lastSeq)
      .then(function (fresh) {
        if (fresh.length > 0) {
          lines = lines.concat(fresh);
          lastSeq = fresh[fresh.length - 1].seq;
          renderChats();
          return loadState();
        }
        if (Date.now() - lastStateAt > STATE_EVERY_MS) return loadState();
        return undefined;
      })
      .catch(function () {
        status('连不上演示服务，稍后自动重试。');
      })
      .then(function () {
        setTimeout(poll, POLL_MS);
      });
  }

  // ------------------------------------------------------------------------------------- send

  function target() {
    return $('target-bot').checked ? 'bot' : 'group';
  }

  function say(text) {
    if (!picked || !text.trim()) return;
    status('');
    fetchJson('/demo/api/say', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: picked, to: target(), text: text }),
    })
      .then(function () {
        $('input').value = '';
      })
      .catch(function (error) {
        status('没发出去：' + error.message);
      });
  }

  $('input').addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      say($('input').value);
    }
  });
  $('send').addEventListener('click', function () {
    say($('input').value);
  });

  loadState()
    .catch(function () {
      status('演示还没准备好，请稍后刷新。');
    })
    .then(poll);
})();

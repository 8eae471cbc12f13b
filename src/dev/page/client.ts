/**
 * The playground page's script, inlined by `html.ts`. It renders what the local Slack
 * holds (messages, modals, App Home, the Web API calls, the outbox) from `/dev/api/state`,
 * refreshed when the Playground object announces a call over `/dev/feed`, and sends what
 * the physician does to `/dev/api/*`. Block Kit is rendered with the DOM API; mrkdwn goes
 * through a small formatter that only ever emits b, i, s, code, pre, br and links.
 * (Plain ES2020 in a string: no backticks and no template placeholders inside.)
 */
export const CLIENT_JS = String.raw`
"use strict";
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var state = { physicians: [], calls: [], messages: [], views: [], outbox: [] };
  var me = localStorage.getItem("playground.user") || "";
  var tab = "messages";
  var modalStack = [];
  var lastModalCall = 0;
  var refreshTimer = null;
  var CHANNEL = "C0PLAYGROUND";

  function esc(s) {
    return String(s == null ? "" : s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "html") node.innerHTML = attrs[k];
      else if (k === "text") node.textContent = attrs[k];
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== false) node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function dm(user) { return "D" + user.replace(/^[UW]/, ""); }
  function nameOf(id) {
    var p = state.physicians.find(function (x) { return x.id === id; });
    return p ? p.realName : id;
  }

  // --- mrkdwn: Slack escapes &, < and > in text; <...> are links, mentions and channels.
  function inline(t) {
    t = t.replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    t = t.replace(/\x60\x60\x60([\s\S]*?)\x60\x60\x60/g, "<pre>$1</pre>");
    t = t.replace(/\x60([^\x60\n]+)\x60/g, "<code>$1</code>");
    t = t.replace(/(^|[\s(>])\*([^*\n]+)\*(?=$|[\s).,!?:;<])/g, "$1<b>$2</b>");
    t = t.replace(/(^|[\s(>])_([^_\n]+)_(?=$|[\s).,!?:;<])/g, "$1<i>$2</i>");
    t = t.replace(/(^|[\s(>])~([^~\n]+)~(?=$|[\s).,!?:;<])/g, "$1<s>$2</s>");
    return t.replace(/\n/g, "<br>");
  }
  function link(inner) {
    var bar = inner.indexOf("|");
    var target = bar < 0 ? inner : inner.slice(0, bar);
    var label = bar < 0 ? "" : inner.slice(bar + 1);
    if (target[0] === "@") return "<b>@" + esc(nameOf(target.slice(1))) + "</b>";
    if (target[0] === "#") return "<b>#" + inline(label || target.slice(1)) + "</b>";
    if (target[0] === "!") return "<b>@" + esc(target.slice(1).split("^")[0]) + "</b>";
    var url = target.replace(/&amp;/g, "&");
    if (!/^(https?:|mailto:)/i.test(url)) return inline(label || target);
    return '<a href="' + esc(url) + '" target="_blank" rel="noopener noreferrer">' + inline(label || target) + "</a>";
  }
  function mrkdwn(text) {
    var out = "", last = 0, m, re = /<([^<>\n]+)>/g;
    while ((m = re.exec(text))) { out += inline(text.slice(last, m.index)) + link(m[1]); last = re.lastIndex; }
    return out + inline(text.slice(last));
  }
  function textHtml(t) {
    if (!t) return "";
    return t.type === "mrkdwn" ? mrkdwn(t.text || "") : esc(t.text || "").replace(/\n/g, "<br>");
  }

  // --- Block Kit
  function problemsAt(problems, i) {
    return (problems || []).filter(function (p) { return p.at.indexOf("/blocks/" + i + "/") === 0 || p.at === "/blocks/" + i; });
  }
  function button(element, where) {
    var cls = element.style === "primary" ? "primary" : element.style === "danger" ? "danger" : "";
    return el("button", {
      type: "button", class: cls, "data-action": element.action_id, html: textHtml(element.text),
      onclick: function () {
        var c = element.confirm;
        if (c && !window.confirm([c.title && c.title.text, c.text && c.text.text].filter(Boolean).join("\n\n"))) return;
        // A link button (Connect → the consent page): Slack opens it and still sends the click.
        if (element.url && /^https?:\/\//.test(element.url)) window.open(element.url, "_blank", "noopener");
        act(where, { action_id: element.action_id, block_id: where.blockId, value: element.value });
      },
    });
  }
  function select(element, where) {
    var node = el("select", { "aria-label": element.placeholder ? element.placeholder.text : element.action_id }, [
      el("option", { value: "", text: element.placeholder ? element.placeholder.text : "Choose…" }),
    ].concat((element.options || []).map(function (o) {
      return el("option", { value: o.value, text: o.text.text });
    })));
    if (element.initial_option) node.value = element.initial_option.value;
    if (where) node.addEventListener("change", function () {
      act(where, { action_id: element.action_id, block_id: where.blockId, selected_option: { value: node.value } });
    });
    return node;
  }
  function interactive(element, where) {
    if (!element) return null;
    if (element.type === "button") return button(element, where);
    if (element.type === "static_select") return select(element, where);
    if (element.type === "overflow") return select({ action_id: element.action_id, options: element.options, placeholder: { text: "⋯" } }, where);
    return el("span", { class: "meta", text: "[" + element.type + "]" });
  }
  function renderBlock(block, i, where) {
    var bw = Object.assign({}, where, { blockId: block.block_id });
    var node;
    switch (block.type) {
      case "header": node = el("div", { class: "block header", html: textHtml(block.text) }); break;
      case "divider": node = el("hr", { class: "block divider" }); break;
      case "context":
        node = el("div", { class: "block context" }, (block.elements || []).map(function (e) {
          return e.type === "image" ? el("span", { text: e.alt_text || "" }) : el("span", { html: textHtml(e) });
        }));
        break;
      case "actions":
        node = el("div", { class: "block actions" }, (block.elements || []).map(function (e) { return interactive(e, bw); }));
        break;
      case "section": {
        var body = el("div", {}, [
          block.text ? el("div", { html: textHtml(block.text) }) : null,
          block.fields ? el("div", { class: "fields" }, block.fields.map(function (f) { return el("div", { html: textHtml(f) }); })) : null,
        ]);
        node = block.accessory ? el("div", { class: "block section-with-accessory" }, [body, interactive(block.accessory, bw)])
          : el("div", { class: "block section" }, [body]);
        break;
      }
      case "input": node = inputBlock(block); break;
      default: node = el("div", { class: "block meta", text: "[" + block.type + " block]" });
    }
    var problems = problemsAt(where.problems, i);
    if (problems.length) {
      node.classList.add("problem");
      node.appendChild(el("div", { class: "problem-note", text: problems.map(function (p) { return p.problem; }).join("; ") }));
    }
    return node;
  }
  function renderBlocks(blocks, where) {
    return el("div", {}, (blocks || []).map(function (b, i) { return renderBlock(b, i, where); }));
  }

  // --- Inputs (modals)
  function inputBlock(block) {
    var e = block.element || {};
    var id = "in-" + block.block_id + "-" + e.action_id;
    var control;
    if (e.type === "plain_text_input") {
      control = el(e.multiline ? "textarea" : "input", { id: id, rows: e.multiline ? 6 : null, maxlength: e.max_length });
      control.value = e.initial_value || "";
    } else if (e.type === "url_text_input" || e.type === "email_text_input" || e.type === "number_input") {
      control = el("input", { id: id, type: e.type === "url_text_input" ? "url" : e.type === "email_text_input" ? "email" : "number" });
      control.value = e.initial_value || "";
    } else if (e.type === "static_select") {
      control = select(e, null);
      control.id = id;
    } else if (e.type === "datepicker") {
      control = el("input", { id: id, type: "date", value: e.initial_date });
    } else if (e.type === "timepicker") {
      control = el("input", { id: id, type: "time", value: e.initial_time });
    } else if (e.type === "checkboxes") {
      control = el("div", { id: id }, (e.options || []).map(function (o) {
        var checked = (e.initial_options || []).some(function (x) { return x.value === o.value; });
        return el("label", {}, [el("input", { type: "checkbox", value: o.value, checked: checked ? "checked" : null }), " ", o.text.text]);
      }));
    } else {
      control = el("div", { id: id, class: "meta", text: e.type === "file_input" ? "File uploads need a real Slack workspace." : "[" + e.type + "]" });
    }
    control.dataset.block = block.block_id;
    control.dataset.action = e.action_id;
    control.dataset.kind = e.type;
    return el("label", { class: "input", for: id }, [
      el("span", { html: textHtml(block.label) + (block.optional ? ' <span class="hint">(optional)</span>' : "") }),
      control,
      block.hint ? el("div", { class: "hint", html: textHtml(block.hint) }) : null,
      el("div", { class: "error", "data-error-for": block.block_id }),
    ]);
  }
  function collectValues(form) {
    var values = {};
    form.querySelectorAll("[data-kind]").forEach(function (c) {
      var v = { type: c.dataset.kind };
      if (["plain_text_input", "url_text_input", "email_text_input", "number_input"].indexOf(c.dataset.kind) >= 0) v.value = c.value;
      else if (c.dataset.kind === "static_select") v.selected_option = c.value ? { value: c.value } : null;
      else if (c.dataset.kind === "datepicker") v.selected_date = c.value || null;
      else if (c.dataset.kind === "timepicker") v.selected_time = c.value || null;
      else if (c.dataset.kind === "checkboxes") v.selected_options = Array.prototype.map.call(
        c.querySelectorAll("input:checked"), function (x) { return { value: x.value }; });
      else return;
      values[c.dataset.block] = values[c.dataset.block] || {};
      values[c.dataset.block][c.dataset.action] = v;
    });
    return values;
  }

  // --- Modals
  var dialog = $("modal");
  function showModal(view) {
    var form = el("form", { method: "dialog" }, [
      el("div", { class: "title", id: "modal-title", html: textHtml(view.title) }),
      el("div", { class: "body" }, [renderBlocks(view.blocks, { viewId: view.id })]),
      el("div", { class: "error", id: "modal-error" }),
      el("div", { class: "buttons" }, [
        el("button", { type: "button", value: "cancel", html: view.close ? textHtml(view.close) : "Cancel", onclick: closeModal }),
        view.submit ? el("button", { type: "submit", class: "primary", html: textHtml(view.submit) }) : null,
      ]),
    ]);
    form.addEventListener("submit", function (event) { event.preventDefault(); submit(view, form); });
    dialog.replaceChildren(form);
    if (!dialog.open) dialog.showModal();
    var first = form.querySelector("textarea, input, select");
    if (first) first.focus();
  }
  function closeModal() { modalStack = []; if (dialog.open) dialog.close(); }
  async function submit(view, form) {
    form.querySelectorAll(".error").forEach(function (e) { e.textContent = ""; });
    try {
      var reply = await api("submit", { user: me, viewId: view.id, values: collectValues(form) });
      var body = reply.body || {};
      if (reply.status !== 200) throw new Error("HTTP " + reply.status);
      if (body.response_action === "errors") {
        Object.keys(body.errors || {}).forEach(function (block) {
          var slot = form.querySelector('[data-error-for="' + CSS.escape(block) + '"]');
          (slot || $("modal-error")).textContent = body.errors[block];
        });
        return;
      }
      if (body.response_action === "update" || body.response_action === "push") { showModal(body.view); return; }
      closeModal();
    } catch (err) {
      $("modal-error").textContent = String(err.message || err);
    }
  }
  function openNewModals() {
    state.calls.forEach(function (call) {
      if (call.id <= lastModalCall) return;
      if (["views.open", "views.push", "views.update"].indexOf(call.method) < 0 || !call.answer.ok) return;
      lastModalCall = call.id;
      var view = call.answer.view;
      if (call.method === "views.update" && !(dialog.open && modalStack[modalStack.length - 1] === view.id)) return;
      if (call.method !== "views.update") modalStack.push(view.id);
      showModal(view);
    });
  }

  // --- Actions
  async function act(where, action) {
    try {
      var reply = await api("action", { user: me, action: action, message: where.message, viewId: where.viewId });
      if (reply.status !== 200) status("the click was answered with HTTP " + reply.status);
    } catch (err) { status(String(err.message || err)); }
  }
  async function api(path, body) {
    var init = body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
    var res = await fetch("/dev/api/" + path, init);
    var json = await res.json();
    if (!res.ok) throw new Error(json.message || json.error || "HTTP " + res.status);
    return json;
  }
  function status(text) { $("status").textContent = text; }

  // --- Rendering
  function timeOf(ts) { return new Date(parseFloat(ts) * 1000).toLocaleTimeString(); }
  function messageNode(who, when, content, ephemeral, raw) {
    return el("article", { class: "message" }, [
      el("div", { class: "avatar", "aria-hidden": "true", text: who.slice(0, 1) }),
      el("div", { class: ephemeral ? "ephemeral" : "" }, [
        el("div", { class: "meta", text: who + " · " + when + (ephemeral ? " · only visible to you" : "") }),
        content,
        raw ? el("details", { class: "raw" }, [el("summary", { text: "raw JSON" }), el("pre", { text: JSON.stringify(raw, null, 2) })]) : null,
      ]),
    ]);
  }
  function renderMessages() {
    var items = [];
    var mine = [CHANNEL, dm(me)];
    // A message sits where it was first posted (its ts only has seconds).
    var postedAt = {};
    state.calls.forEach(function (c) {
      if (c.method === "chat.postMessage" && c.answer.ok && !postedAt[c.answer.ts]) postedAt[c.answer.ts] = c.at;
    });
    state.messages.forEach(function (m) {
      if (mine.indexOf(m.channel) < 0 || m.message.deleted) return;
      items.push({ at: postedAt[m.ts] || parseFloat(m.ts) * 1000, node: messageNode("Serotonin Script", timeOf(m.ts) + (m.channel === CHANNEL ? " · #playground" : " · DM"),
        m.message.blocks ? renderBlocks(m.message.blocks, { message: { channel: m.channel, ts: m.ts } }) : el("div", { html: mrkdwn(m.message.text || "") }), false, m.message) });
    });
    state.calls.forEach(function (c) {
      var a = c.args || {};
      if (c.method === "command_reply" && a.user === me) {
        var sent = a.sentAt || c.at - 1;
        items.push({ at: sent, node: messageNode(nameOf(me), new Date(sent).toLocaleTimeString(), el("div", { text: a.text }), false) });
        var r = a.reply && typeof a.reply === "object" ? a.reply : { text: a.reply ? String(a.reply) : "" };
        if (r.text || r.blocks) items.push({ at: sent + 1, node: messageNode("Serotonin Script", new Date(c.at).toLocaleTimeString(),
          r.blocks ? renderBlocks(r.blocks, {}) : el("div", { html: mrkdwn(r.text) }), true) });
      }
      // What Slack refused to show: the problems highlighted on the blocks that were sent.
      if (["chat.postMessage", "chat.update", "chat.postEphemeral"].indexOf(c.method) >= 0 && c.answer.ok === false) {
        items.push({ at: c.at, node: messageNode("Serotonin Script", new Date(c.at).toLocaleTimeString(), el("div", {}, [
          el("div", { class: "problem-note", text: "Slack refused this " + c.method + ": " + c.answer.error }),
          a.blocks ? renderBlocks(a.blocks, { problems: c.problems }) : el("div", { html: mrkdwn(String(a.text || "")) }),
        ]), false, a) });
        return;
      }
      if ((c.method === "chat.postEphemeral" && a.user === me) || c.method === "response_url") {
        items.push({ at: c.at, node: messageNode("Serotonin Script", new Date(c.at).toLocaleTimeString(),
          a.blocks ? renderBlocks(a.blocks, { problems: c.problems }) : el("div", { html: mrkdwn(String(a.text || "")) }), true) });
      }
    });
    items.sort(function (x, y) { return x.at - y.at; });
    var box = $("messages");
    var atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    box.replaceChildren.apply(box, items.length ? items.map(function (i) { return i.node; })
      : [el("p", { class: "empty", text: "Type /draft sleep hygiene | telegram below to order a draft." })]);
    if (atBottom) box.scrollTop = box.scrollHeight;
  }
  function renderHome() {
    var view = state.views.find(function (v) { return v.id === "VHOME" + me; });
    $("home").replaceChildren(view ? renderBlocks(view.blocks, { viewId: view.id })
      : el("p", { class: "empty", text: "Opening App Home…" }));
  }
  function renderCalls() {
    $("calls").replaceChildren.apply($("calls"), state.calls.slice(-100).reverse().map(function (c) {
      var failed = c.answer && c.answer.ok === false;
      return el("div", { class: "call" + (failed ? " failed" : "") }, [
        el("span", { class: "name", text: c.method }), " ",
        el("span", { class: "meta", text: new Date(c.at).toLocaleTimeString() + (failed ? " · " + c.answer.error : "") }),
        c.problems && c.problems.length ? el("div", { class: "problem-note", text: c.problems.map(function (p) { return p.at + ": " + p.problem; }).join("; ") }) : null,
        el("details", {}, [el("summary", { text: "raw JSON" }), el("pre", { text: JSON.stringify({ args: c.args, answer: c.answer }, null, 2) })]),
      ]);
    }));
  }
  // Telegram posts are sent as HTML: shown as Telegram shows them, through an allow-list.
  var TELEGRAM_TAGS = ["B", "STRONG", "I", "EM", "U", "INS", "S", "STRIKE", "DEL", "CODE", "PRE", "BLOCKQUOTE", "A"];
  function telegramHtml(text) {
    var doc = new DOMParser().parseFromString("<body>" + text + "</body>", "text/html");
    function copy(node) {
      if (node.nodeType === 3) return document.createTextNode(node.textContent);
      if (node.nodeType !== 1) return null;
      var kids = Array.prototype.map.call(node.childNodes, copy).filter(Boolean);
      if (TELEGRAM_TAGS.indexOf(node.tagName) < 0) return el("span", {}, kids);
      if (node.tagName === "A") {
        var href = node.getAttribute("href") || "";
        return /^https?:/i.test(href) ? el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, kids) : el("span", {}, kids);
      }
      return el(node.tagName.toLowerCase(), {}, kids);
    }
    return el("div", {}, Array.prototype.map.call(doc.body.childNodes, copy).filter(Boolean));
  }
  function renderOutbox() {
    var posts = state.outbox.slice().reverse();
    $("outbox").replaceChildren.apply($("outbox"), posts.length ? posts.map(function (p) {
      return el("div", { class: "outbox-post", "data-platform": p.platform }, [
        el("div", { class: "meta", text: p.platform + " · part " + (p.part + 1) + " · " + new Date(p.createdAt).toLocaleTimeString() }),
        p.platform === "telegram" ? telegramHtml(p.text) : el("div", { text: p.text }),
      ]);
    }) : [el("p", { class: "empty", text: "Nothing published yet." })]);
  }
  function render() {
    var picker = $("physician");
    if (!picker.options.length) {
      state.physicians.forEach(function (p) { picker.appendChild(el("option", { value: p.id, text: p.realName })); });
      if (!state.physicians.some(function (p) { return p.id === me; })) me = state.physicians.length ? state.physicians[0].id : "";
      picker.value = me;
    }
    renderMessages(); renderHome(); renderCalls(); renderOutbox(); openNewModals();
  }
  async function refresh() {
    try { state = await api("state"); render(); } catch (err) { status(String(err.message || err)); }
  }
  function soon() { clearTimeout(refreshTimer); refreshTimer = setTimeout(refresh, 80); }

  // --- Live feed: the Playground object announces each call; the page refetches once.
  function connect() {
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/dev/feed");
    var ping;
    ws.onopen = function () { status("live"); ping = setInterval(function () { ws.send("ping"); }, 30000); soon(); };
    ws.onmessage = function (event) { if (JSON.parse(event.data).type !== "pong") soon(); };
    ws.onclose = function () { clearInterval(ping); status("reconnecting…"); setTimeout(connect, 1000); };
  }

  // --- Controls
  $("physician").addEventListener("change", function (event) {
    me = event.target.value; localStorage.setItem("playground.user", me); closeModal(); render();
    if (tab === "home") api("home", { user: me }).catch(function () {});
  });
  function showTab(name) {
    tab = name;
    ["messages", "home"].forEach(function (t) {
      $("tab-" + t).setAttribute("aria-selected", String(t === name));
      $(t).hidden = t !== name;
    });
    $("composer").hidden = name !== "messages";
    if (name === "home") api("home", { user: me }).catch(function (err) { status(String(err.message || err)); });
  }
  $("tab-messages").addEventListener("click", function () { showTab("messages"); });
  $("tab-home").addEventListener("click", function () { showTab("home"); });
  $("run-cron").addEventListener("click", function () {
    api("cron", {}).then(function () { status("scheduler ran"); soon(); }, function (err) { status(String(err.message || err)); });
  });
  $("reset").addEventListener("click", function () { api("reset", {}).then(soon); });
  $("composer").addEventListener("submit", async function (event) {
    event.preventDefault();
    var input = $("command");
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    try {
      var reply = await api("command", { user: me, text: text.indexOf("/") === 0 ? text : "/draft " + text });
      if (reply.status !== 200) status("the command was answered with HTTP " + reply.status);
    } catch (err) { status(String(err.message || err)); }
  });
  dialog.addEventListener("cancel", function () { modalStack = []; });

  refresh().then(connect);
})();
`;

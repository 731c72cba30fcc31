/*
 * Педагог лауазымдары — embeddable assistant widget.
 *
 *   <script src="https://HOST/widget.js" data-lang="kk" async></script>
 *
 * Plain JS, no build step, no third-party code. Everything renders inside a Shadow DOM
 * (no CSS leaks either way). Text from answers, questions and the regulation is only
 * ever set with textContent: no HTML from the network or the user is interpreted.
 * Optional attributes: data-lang="kk|ru", data-api="https://HOST" (default: the
 * script's own origin), data-open="true".
 */
(function () {
  "use strict";
  if (window.__pedagogAssistantLoaded) return;
  window.__pedagogAssistantLoaded = true;

  var script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  var API = ((script && script.getAttribute("data-api")) || new URL(script ? script.src : "/", location.href).origin).replace(/\/$/, "");
  var STORE_KEY = "pedagog-assistant:v1:" + API;
  var MAX_MESSAGES = 60;
  var MAX_CHARS = 1000;

  var T = {
    kk: {
      title: "Педагог лауазымдары: көмекші", open: "Көмекшіні ашу", close: "Көмекшіні жабу",
      langGroup: "Тіл", chat: "Сұрақ-жауап", check: "Өтілді тексеру",
      question: "Сұрағыңыз", placeholder: "Сұрағыңызды жазыңыз…", send: "Жіберу",
      welcome: "Сәлеметсіз бе! Педагог лауазымдарының үлгілік біліктілік сипаттамалары (№ 338 бұйрық) бойынша сұрақ қойыңыз: міндеттер, талаптар, жұмыс өтілі.",
      thinking: "Жауап дайындалуда…", failed: "Қате орын алды. Кейінірек қайталап көріңіз.",
      offline: "Серверге қосылу мүмкін болмады.", tooLong: "Сұрақ тым ұзын: ең көбі {n} таңба.",
      you: "Сіз", bot: "Көмекші", sources: "Дереккөздер:", openClause: "Тармақты ашу: ", choose: "Нұсқаны таңдаңыз",
      helpful: "Жауап пайдалы", unhelpful: "Жауап пайдалы емес", thanks: "Рахмет! Пікіріңіз сақталды.",
      comment: "Не дұрыс емес? (міндетті емес)", sendComment: "Пікірді жіберу",
      back: "Жабу", clause: "Тармақ мәтіні", notes: "Ескертулер", loading: "Жүктелуде…",
      position: "Лауазым", positionHint: "Лауазым атауын теріп, тізімнен таңдаңыз",
      noMatch: "Сәйкес лауазым табылмады", pickPosition: "Тізімнен лауазымды таңдаңыз.",
      stepsHint: "Лауазымды таңдағаннан кейін оның ережелері сұрайтын мәліметтер шығады.",
      any: "— көрсетілмеген —", run: "Тексеру", verdict: "Нәтиже", newChat: "Жаңа сұхбат",
      restored: "(мәтін қалпына келтірілген) Сілтеме болған заң атаулары орнына қойылды.", showPrinted: "Басылған мәтінді көрсету",
      kkOnly: "Тармақтың ресми мәтіні қазақ тілінде.", needYears: "Жұмыс өтілін жылмен көрсетіңіз (0-ден 60-қа дейін).",
      verdicts: { eligible: "Иә: өтіл талабы орындалады", not_eligible: "Жоқ: өтіл талабы орындалмайды", needs_more_information: "Мәлімет жеткіліксіз" }
    },
    ru: {
      title: "Должности педагогов: помощник", open: "Открыть помощника", close: "Закрыть помощника",
      langGroup: "Язык", chat: "Вопрос-ответ", check: "Проверка стажа",
      question: "Ваш вопрос", placeholder: "Напишите вопрос…", send: "Отправить",
      welcome: "Здравствуйте! Задайте вопрос по Типовым квалификационным характеристикам должностей педагогов (приказ № 338): обязанности, требования, стаж.",
      thinking: "Готовлю ответ…", failed: "Произошла ошибка. Попробуйте позже.",
      offline: "Не удалось связаться с сервером.", tooLong: "Вопрос слишком длинный: не больше {n} символов.",
      you: "Вы", bot: "Помощник", sources: "Источники:", openClause: "Открыть пункт: ", choose: "Выберите вариант",
      helpful: "Ответ полезен", unhelpful: "Ответ не полезен", thanks: "Спасибо! Отзыв сохранён.",
      comment: "Что не так? (необязательно)", sendComment: "Отправить отзыв",
      back: "Закрыть", clause: "Текст пункта", notes: "Примечания", loading: "Загрузка…",
      position: "Должность", positionHint: "Начните вводить название и выберите из списка",
      noMatch: "Должность не найдена", pickPosition: "Выберите должность из списка.",
      stepsHint: "После выбора должности появятся сведения, которые требуют её нормы.",
      any: "— не указано —", run: "Проверить", verdict: "Результат", newChat: "Новый разговор",
      restored: "(текст восстановлен) Названия законов, бывшие ссылками, поставлены на свои места.", showPrinted: "Показать напечатанный текст",
      kkOnly: "Официальный текст пункта — на казахском языке.", needYears: "Укажите стаж в годах (от 0 до 60).",
      verdicts: { eligible: "Да: требование к стажу выполнено", not_eligible: "Нет: требование к стажу не выполнено", needs_more_information: "Не хватает сведений" }
    }
  };

  /* ---------- state, kept for the page session ---------- */

  function loadState() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(STORE_KEY) || "null");
      if (saved && Array.isArray(saved.messages)) return saved;
    } catch (e) { /* storage unavailable or corrupt: start afresh */ }
    return null;
  }

  function newSessionId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }

  var initialLang = (script && script.getAttribute("data-lang")) === "ru" ? "ru" : "kk";
  var state = loadState() || {
    lang: initialLang, open: (script && script.getAttribute("data-open")) === "true",
    tab: "chat", sessionId: newSessionId(), messages: []
  };

  function save() {
    state.messages = state.messages.slice(-MAX_MESSAGES);
    try { sessionStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* private mode: keep in memory */ }
  }

  function t(key) { return T[state.lang][key]; }

  /* ---------- DOM helpers: elements and text only, never HTML ---------- */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function icon(path) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var p = document.createElementNS(ns, "path");
    p.setAttribute("d", path);
    svg.appendChild(p);
    return svg;
  }

  var ICON_CHAT = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z";
  var ICON_CLOSE = "M6 6l12 12M18 6L6 18";
  var ICON_UP = "M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6v-.3a1.5 1.5 0 0 0-.4-1L13.2 1 6.6 7.6A2 2 0 0 0 6 9v10a2 2 0 0 0 2 2h9a2 2 0 0 0 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z";
  var ICON_DOWN = "M22 3h-4v12h4V3zM2 14a2 2 0 0 0 2 2h6.3l-1 4.6v.3c0 .4.2.8.4 1l1.1 1.1 6.6-6.6c.4-.4.6-.9.6-1.4V5a2 2 0 0 0-2-2H7a2 2 0 0 0-1.8 1.2l-3 7.1c-.1.2-.2.5-.2.7v2z";

  /* ---------- network ---------- */

  function problemText(response, body) {
    if (body && typeof body.detail === "string") return body.detail;
    if (response.status === 429) return t("failed");
    return t("failed");
  }

  function api(path, options) {
    var init = Object.assign({ headers: { "Content-Type": "application/json" } }, options || {});
    return fetch(API + path, init).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (!response.ok) throw new Error(problemText(response, body));
        return body;
      });
    }, function () { throw new Error(t("offline")); });
  }

  function post(path, payload) { return api(path, { method: "POST", body: JSON.stringify(payload) }); }

  /* Server-sent events over a POST response body (EventSource cannot POST). */
  function readEvents(response, onEvent) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    function emit(block) {
      var event = "message", data = [];
      block.split(/\r?\n/).forEach(function (line) {
        if (!line || line.charAt(0) === ":") return;
        var i = line.indexOf(":");
        var field = i < 0 ? line : line.slice(0, i);
        var value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
        if (field === "event") event = value;
        else if (field === "data") data.push(value);
      });
      if (data.length) onEvent(event, JSON.parse(data.join("\n")));
    }
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) { if (buffer.trim()) emit(buffer); return; }
        buffer += decoder.decode(chunk.value, { stream: true });
        var match;
        while ((match = /\r?\n\r?\n/.exec(buffer))) {
          emit(buffer.slice(0, match.index));
          buffer = buffer.slice(match.index + match[0].length);
        }
        return pump();
      });
    }
    return pump();
  }

  function streamAnswer(question, handlers) {
    // the switch is only a default («default_lang»): a clearly Russian or Kazakh question is answered in its
    // own language; the switch decides only for one that cannot be told (a clause id, a bare position name)
    var body = JSON.stringify({ question: question, session_id: state.sessionId, default_lang: state.lang });
    return fetch(API + "/api/ask/stream", {
      method: "POST", headers: { "Content-Type": "application/json", "Accept": "text/event-stream" }, body: body
    }).then(function (response) {
      if (!response.ok) {
        return response.json().catch(function () { return null; }).then(function (problem) {
          throw new Error(problemText(response, problem));
        });
      }
      return readEvents(response, function (event, data) {
        if (event === "error") throw new Error(data.detail || t("failed"));
        if (handlers[event]) handlers[event](data);
      });
    }, function () { throw new Error(t("offline")); });
  }

  /* ---------- the widget ---------- */

  var host = document.createElement("pedagog-assistant");
  // Inline styles on the host beat page stylesheets; :host { all: initial } resets inheritance.
  host.style.cssText = "all: initial; position: fixed; z-index: 2147483000; right: 0; bottom: 0; width: 0; height: 0;";
  var root = host.attachShadow({ mode: "open" });
  root.appendChild(el("style", { text: CSS() }));

  var ui = {};

  function build() {
    ui.launcher = el("button", { class: "launcher", type: "button", "aria-controls": "pa-panel", onclick: toggle }, [icon(ICON_CHAT)]);
    ui.title = el("h2", { id: "pa-title", class: "title" });
    ui.kk = el("button", { type: "button", class: "lang", lang: "kk", onclick: function () { setLang("kk"); } });
    ui.ru = el("button", { type: "button", class: "lang", lang: "ru", onclick: function () { setLang("ru"); } });
    ui.langs = el("div", { class: "langs", role: "group" }, [ui.kk, ui.ru]);
    ui.close = el("button", { type: "button", class: "icon-button", onclick: closePanel }, [icon(ICON_CLOSE)]);
    ui.chatTab = el("button", { type: "button", role: "tab", id: "pa-tab-chat", "aria-controls": "pa-chat", onclick: function () { setTab("chat"); } });
    ui.checkTab = el("button", { type: "button", role: "tab", id: "pa-tab-check", "aria-controls": "pa-check", onclick: function () { setTab("check"); } });
    ui.tabs = el("div", { class: "tabs", role: "tablist", onkeydown: tabKeys }, [ui.chatTab, ui.checkTab]);
    ui.newChat = el("button", { type: "button", class: "link", onclick: newChat });
    ui.log = el("ol", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions" });
    ui.questionLabel = el("label", { for: "pa-question", class: "sr-only" });
    ui.question = el("textarea", { id: "pa-question", rows: "2", maxlength: String(MAX_CHARS), onkeydown: questionKeys });
    ui.send = el("button", { type: "submit", class: "primary" });
    ui.askForm = el("form", { class: "ask", onsubmit: onAsk }, [ui.questionLabel, ui.question, ui.send]);
    ui.chat = el("div", { id: "pa-chat", role: "tabpanel", class: "view", "aria-labelledby": "pa-tab-chat" }, [ui.newChat, ui.log, ui.askForm]);
    ui.check = el("div", { id: "pa-check", role: "tabpanel", class: "view scroll", "aria-labelledby": "pa-tab-check" }, [buildCheckForm()]);
    ui.clause = buildClauseView();
    ui.header = el("header", {}, [ui.title, ui.langs, ui.close]);
    ui.panel = el("section", { id: "pa-panel", class: "panel", role: "dialog", "aria-labelledby": "pa-title", onkeydown: panelKeys },
      [ui.header, ui.tabs, ui.chat, ui.check, ui.clause.box]);
    root.appendChild(ui.launcher);
    root.appendChild(ui.panel);
  }

  function applyTexts() {
    ui.panel.setAttribute("lang", state.lang);
    ui.launcher.setAttribute("aria-label", t("open"));
    ui.launcher.setAttribute("title", t("open"));
    ui.title.textContent = t("title");
    ui.kk.textContent = "ҚАЗ"; ui.kk.setAttribute("aria-label", "Қазақша");
    ui.ru.textContent = "РУС"; ui.ru.setAttribute("aria-label", "Русский");
    ui.kk.setAttribute("aria-pressed", String(state.lang === "kk"));
    ui.ru.setAttribute("aria-pressed", String(state.lang === "ru"));
    ui.langs.setAttribute("aria-label", t("langGroup"));
    ui.close.setAttribute("aria-label", t("close"));
    ui.chatTab.textContent = t("chat");
    ui.checkTab.textContent = t("check");
    ui.newChat.textContent = t("newChat");
    ui.questionLabel.textContent = t("question");
    ui.question.setAttribute("placeholder", t("placeholder"));
    ui.send.textContent = t("send");
    ui.clause.close.textContent = t("back");
    applyCheckTexts();
  }

  function setLang(lang) {
    if (state.lang === lang) return;
    state.lang = lang;
    save();
    applyTexts();
    loadSteps();
    // Controls of earlier answers follow the interface language (the answers keep theirs);
    // not while an answer is streaming into the log.
    if (!ui.send.disabled) renderLog();
  }

  function setTab(tab) {
    state.tab = tab;
    save();
    var chat = tab === "chat";
    ui.chatTab.setAttribute("aria-selected", String(chat));
    ui.checkTab.setAttribute("aria-selected", String(!chat));
    ui.chatTab.tabIndex = chat ? 0 : -1;
    ui.checkTab.tabIndex = chat ? -1 : 0;
    ui.chat.hidden = !chat;
    ui.check.hidden = chat;
  }

  function tabKeys(event) {
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    var next = state.tab === "chat" ? "check" : "chat";
    setTab(next);
    (next === "chat" ? ui.chatTab : ui.checkTab).focus();
    event.preventDefault();
  }

  function openPanel() {
    state.open = true;
    save();
    ui.panel.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "true");
    ui.launcher.hidden = true;
    (state.tab === "chat" ? ui.question : ui.position).focus();
    scrollLog();
  }

  function closePanel() {
    state.open = false;
    save();
    ui.panel.hidden = true;
    ui.launcher.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.focus();
  }

  function toggle() { if (ui.panel.hidden) openPanel(); else closePanel(); }

  function panelKeys(event) {
    if (event.key !== "Escape") return;
    event.preventDefault();
    if (!ui.clause.box.hidden) hideClause();
    else if (ui.suggestions && !ui.suggestions.hidden) hideSuggestions();
    else closePanel();
  }

  function questionKeys(event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ui.askForm.requestSubmit();
    }
  }

  function newChat() {
    state.messages = [];
    state.sessionId = newSessionId();
    save();
    renderLog();
    ui.question.focus();
  }

  /* ---------- the conversation ---------- */

  function renderLog() {
    ui.log.textContent = "";
    if (!state.messages.length) ui.log.appendChild(el("li", { class: "msg bot welcome", text: t("welcome") }));
    state.messages.forEach(function (message) { ui.log.appendChild(renderMessage(message)); });
    scrollLog();
  }

  function scrollLog() { ui.log.scrollTop = ui.log.scrollHeight; }

  function renderMessage(message) {
    if (message.role === "user") {
      return el("li", { class: "msg user" }, [el("span", { class: "sr-only", text: t("you") + ": " }), el("p", { class: "text", text: message.text })]);
    }
    var item = el("li", { class: "msg bot" + (message.error ? " error" : ""), role: message.error ? "alert" : null });
    fillAnswer(item, message);
    return item;
  }

  function fillAnswer(item, message) {
    item.textContent = "";
    item.appendChild(el("span", { class: "sr-only", text: t("bot") + ": " }));
    item.appendChild(el("p", { class: "text", text: message.text }));
    if (message.eligibility) item.appendChild(renderVerdict(message.eligibility, message.lang || state.lang, false));
    if (message.notice) item.appendChild(el("p", { class: "notice", text: message.notice }));
    if (message.choices && message.choices.length) item.appendChild(renderChoices(message.choices));
    if (message.citations && message.citations.length) item.appendChild(renderChips(message.citations));
    if (message.answerId) item.appendChild(renderFeedback(message));
  }

  /* When the assistant asks back («which position?»), each option is a button: pressing it sends the
     option's reply («2») in the same conversation, shown as the option's words. */
  function renderChoices(choices) {
    var box = el("div", { class: "choices", role: "group", "aria-label": t("choose") });
    choices.forEach(function (choice) {
      box.appendChild(el("button", {
        type: "button", class: "choice", text: choice.label, "data-reply": choice.reply,
        onclick: function () { if (!ui.send.disabled) ask(choice.reply, choice.label); }
      }));
    });
    return box;
  }

  function renderChips(citations) {
    var chips = el("div", { class: "chips" }, [el("span", { class: "chips-label", text: t("sources") })]);
    citations.forEach(function (citation) {
      chips.appendChild(el("button", {
        type: "button", class: "chip", text: citation.label, "data-clause": citation.id,
        "aria-label": t("openClause") + citation.label,
        onclick: function (event) { showClause(citation.id, event.currentTarget); }
      }));
    });
    return chips;
  }

  function renderFeedback(message) {
    var status = el("p", { class: "thanks", role: "status" });
    var comment = el("textarea", { class: "comment", rows: "2", maxlength: "2000", "aria-label": t("comment"), placeholder: t("comment") });
    var commentForm = el("form", { class: "comment-form", hidden: true, onsubmit: function (event) {
      event.preventDefault();
      rate(message, "down", comment.value.trim(), status, commentForm);
    } }, [comment, el("button", { type: "submit", class: "secondary", text: t("sendComment") })]);
    function thumb(rating, path, label) {
      return el("button", {
        type: "button", class: "thumb", "aria-label": t(label), title: t(label), "data-rating": rating,
        "aria-pressed": String(message.rating === rating),
        onclick: function (event) {
          var buttons = event.currentTarget.parentNode.querySelectorAll(".thumb");
          buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b === event.currentTarget)); });
          rate(message, rating, null, status, null);
          commentForm.hidden = rating !== "down";
          if (rating === "down") comment.focus();
        }
      }, [icon(path)]);
    }
    var row = el("div", { class: "feedback" }, [thumb("up", ICON_UP, "helpful"), thumb("down", ICON_DOWN, "unhelpful"), status]);
    return el("div", {}, [row, commentForm]);
  }

  function rate(message, rating, comment, status, form) {
    var payload = { answer_id: message.answerId, rating: rating };
    if (comment) payload.comment = comment;
    post("/api/feedback", payload).then(function () {
      message.rating = rating;
      save();
      status.textContent = t("thanks");
      if (form) form.hidden = true;
    }, function (error) { status.textContent = error.message; });
  }

  function onAsk(event) {
    event.preventDefault();
    var question = ui.question.value.trim();
    if (!question) return;
    if (question.length > MAX_CHARS) { addError(t("tooLong").replace("{n}", MAX_CHARS)); return; }
    ui.question.value = "";
    ask(question);
  }

  function addError(text) {
    var message = { role: "bot", text: text, error: true };
    state.messages.push(message);
    save();
    ui.log.appendChild(renderMessage(message));
    scrollLog();
  }

  function ask(question, shown) {
    var asked = { role: "user", text: shown || question };
    state.messages.push(asked);
    save();
    ui.log.querySelectorAll(".welcome").forEach(function (w) { w.remove(); });
    ui.log.appendChild(renderMessage(asked));
    var message = { role: "bot", text: "" };
    var item = el("li", { class: "msg bot pending", "aria-busy": "true" }, [el("p", { class: "text", text: t("thinking") })]);
    ui.log.appendChild(item);
    scrollLog();
    ui.send.disabled = true;
    var textNode = null;
    streamAnswer(question, {
      meta: function (meta) { message.answerId = meta.answer_id; },
      delta: function (delta) {
        if (!textNode) { item.textContent = ""; textNode = el("p", { class: "text" }); item.appendChild(textNode); }
        message.text += delta.text;
        textNode.textContent = message.text;
        scrollLog();
      },
      done: function (answer) {
        Object.assign(message, {
          text: answer.answer, answerId: answer.answer_id, notice: answer.notice, lang: answer.lang,
          citations: (answer.citations || []).map(function (c) { return { id: c.id, label: c.label }; }),
          choices: (answer.choices || []).map(function (c) { return { label: c.label, reply: c.reply }; }),
          eligibility: answer.eligibility || null
        });
      }
    }).then(function () {
      if (!message.answerId) throw new Error(t("failed"));
      state.messages.push(message);
      save();
      item.className = "msg bot";
      fillAnswer(item, message);
    }).catch(function (error) {
      item.remove();
      addError(error.message || t("failed"));
    }).then(function () {
      item.removeAttribute("aria-busy");
      ui.send.disabled = false;
      scrollLog();
    });
  }

  /* ---------- a clause, opened from a citation chip ---------- */

  function buildClauseView() {
    var view = {};
    view.heading = el("h3", { id: "pa-clause-title", class: "clause-title", tabindex: "-1" });
    view.close = el("button", { type: "button", class: "secondary", onclick: hideClause });
    view.body = el("div", { class: "clause-body" });
    view.box = el("section", { class: "clause", role: "region", "aria-labelledby": "pa-clause-title", hidden: true },
      [el("div", { class: "clause-head" }, [view.heading, view.close]), view.body]);
    return view;
  }

  function showClause(id, opener) {
    var view = ui.clause;
    view.opener = opener;
    view.heading.textContent = t("loading");
    view.body.textContent = "";
    view.box.style.top = ui.header.offsetHeight + "px";  // below the header, whatever its wrapping
    view.box.hidden = false;
    view.heading.focus();
    api("/api/clauses/" + encodeURIComponent(id) + "?lang=" + state.lang).then(function (clause) {
      view.heading.textContent = clause.label;
      view.body.textContent = "";
      if (state.lang !== "kk") view.body.appendChild(el("p", { class: "notice", text: t("kkOnly") }));
      view.body.appendChild(el("p", { class: "clause-text", lang: "kk", text: clause.clause + ". " + clause.text }));
      if (clause.restored) {  // law titles put back in place: the printed text one click away
        var printed = el("p", { class: "clause-text printed", lang: "kk", hidden: true, text: clause.clause + ". " + clause.printed_text });
        view.body.appendChild(el("p", { class: "note", text: t("restored") }));
        view.body.appendChild(el("button", { type: "button", class: "secondary show-printed", "aria-expanded": "false",
          onclick: function (event) {
            printed.hidden = !printed.hidden;
            event.currentTarget.setAttribute("aria-expanded", String(!printed.hidden));
          }, text: t("showPrinted") }));
        view.body.appendChild(printed);
      }
      if (clause.levels.length) {
        var list = el("ol", { class: "levels", lang: "kk" });
        clause.levels.forEach(function (level) {
          list.appendChild(el("li", { class: level.id === clause.focus ? "focus" : null, text: level.text }));
        });
        view.body.appendChild(list);
      }
      clause.notes.forEach(function (note) { view.body.appendChild(el("p", { class: "note", lang: "kk", text: note })); });
      var focused = view.body.querySelector(".focus");
      if (focused) focused.scrollIntoView({ block: "nearest" });
    }, function (error) { view.heading.textContent = error.message; });
  }

  function hideClause() {
    ui.clause.box.hidden = true;
    if (ui.clause.opener && ui.clause.opener.isConnected) ui.clause.opener.focus();
  }

  /* ---------- the guided eligibility form ---------- */

  /* The steps come from the server (GET /api/eligibility/options?position=…): the same the bot's /check
     asks, derived from the position's rules. A change of a choice fetches them again. */
  var check = { guided: null, choices: {}, loaded: 0, positionId: null, active: -1, items: [], timer: null, asked: 0 };

  function field(label, control, hint) {
    var wrap = el("div", { class: "field" }, [label, control]);
    if (hint) wrap.appendChild(hint);
    return wrap;
  }

  function buildCheckForm() {
    ui.positionLabel = el("label", { for: "pa-position" });
    ui.positionHint = el("p", { id: "pa-position-hint", class: "hint" });
    ui.position = el("input", {
      id: "pa-position", type: "text", role: "combobox", autocomplete: "off", "aria-autocomplete": "list",
      "aria-expanded": "false", "aria-controls": "pa-suggestions", "aria-describedby": "pa-position-hint",
      oninput: onPositionInput, onkeydown: positionKeys
    });
    ui.suggestions = el("ul", { id: "pa-suggestions", role: "listbox", class: "suggestions", hidden: true });
    ui.steps = el("div", { class: "steps", "aria-live": "polite" });
    ui.runCheck = el("button", { type: "submit", class: "primary" });
    ui.checkForm = el("form", { class: "check-form", onsubmit: onCheck, novalidate: true }, [
      field(ui.positionLabel, el("div", { class: "combo" }, [ui.position, ui.suggestions]), ui.positionHint),
      ui.steps, ui.runCheck
    ]);
    ui.verdict = el("div", { class: "verdict-box", "aria-live": "polite" });
    return el("div", {}, [ui.checkForm, ui.verdict]);
  }

  function applyCheckTexts() {
    ui.positionLabel.textContent = t("position");
    ui.positionHint.textContent = t("positionHint");
    ui.runCheck.textContent = t("run");
    if (!check.positionId) ui.steps.replaceChildren(el("p", { class: "hint", text: t("stepsHint") }));
  }

  function loadSteps() {
    if (!check.positionId) return;
    var loaded = ++check.loaded;
    var query = "?position=" + encodeURIComponent(check.positionId) + "&lang=" + state.lang;
    Object.keys(check.choices).forEach(function (name) { query += "&" + name + "=" + encodeURIComponent(check.choices[name]); });
    api("/api/eligibility/options" + query).then(function (guided) {
      if (loaded !== check.loaded) return;  // a late answer to an older request is dropped
      var typed = readSteps();
      check.guided = guided;
      ui.steps.replaceChildren.apply(ui.steps, guided.steps.map(function (step) { return renderStep(step, typed[step.name]); }));
    }, function (error) { formError(error.message); });
  }

  function stepId(step) { return "pa-step-" + step.name; }

  function renderStep(step, typed) {
    var id = stepId(step);
    var hint = step.hint ? el("p", { id: id + "-hint", class: "hint", text: step.hint }) : null;
    var described = hint ? id + "-hint" : null;
    if (step.kind === "multi_choice") {
      var boxes = step.options.map(function (option) {
        var box = el("input", { type: "checkbox", name: step.name, value: option.value,
                                checked: typed ? typed.indexOf(option.value) >= 0 : false });
        return el("label", { class: "check" }, [box, document.createTextNode(option.label)]);
      });
      return el("fieldset", { class: "field", "data-step": step.name }, [el("legend", { text: step.label })].concat(boxes));
    }
    var label = el("label", { for: id, text: step.label });
    var control;
    if (step.kind === "number") {
      control = el("input", { id: id, name: step.name, type: "number", min: String(step.minimum), max: String(step.maximum),
                              step: "0.5", inputmode: "decimal", "aria-describedby": described });
      if (typed !== undefined) control.value = typed;
    } else {
      control = el("select", { id: id, name: step.name, "aria-describedby": described,
                               onchange: step.kind === "choice" ? function () { onChoice(step, control.value); } : null });
      if (step.kind === "yes_no" || !step.default) control.appendChild(el("option", { value: "", text: t("any") }));
      step.options.forEach(function (option) { control.appendChild(el("option", { value: option.value, text: option.label })); });
      control.value = step.kind === "choice" ? (step.value || step.default || "") : (typed || "");
    }
    var wrap = field(label, control, hint);
    wrap.setAttribute("data-step", step.name);
    return wrap;
  }

  /* What is typed or ticked in the served steps, by name (kept when the steps are fetched again). */
  function readSteps() {
    var typed = {};
    if (!check.guided) return typed;
    check.guided.steps.forEach(function (step) {
      if (step.kind === "multi_choice") {
        typed[step.name] = Array.prototype.map.call(
          ui.steps.querySelectorAll("input[name='" + step.name + "']:checked"), function (box) { return box.value; });
      } else if (step.kind !== "choice") {
        var control = ui.steps.querySelector("#" + stepId(step));
        if (control && control.value !== "") typed[step.name] = control.value;
      }
    });
    return typed;
  }

  function onChoice(step, value) {
    // a later choice may not be offered after this one: it is asked again
    var names = check.guided.steps.map(function (s) { return s.name; });
    Object.keys(check.choices).forEach(function (name) {
      if (names.indexOf(name) > names.indexOf(step.name)) delete check.choices[name];
    });
    if (value) check.choices[step.name] = value; else delete check.choices[step.name];
    loadSteps();
  }

  function onPositionInput() {
    if (check.positionId) { check.positionId = null; check.guided = null; applyCheckTexts(); }
    clearTimeout(check.timer);
    var asked = ++check.asked;
    var query = ui.position.value.trim();
    if (!query) { hideSuggestions(); return; }
    check.timer = setTimeout(function () {
      api("/api/positions?limit=8&lang=" + state.lang + "&q=" + encodeURIComponent(query)).then(function (positions) {
        if (asked === check.asked) showSuggestions(positions);  // a late answer to an older query is dropped
      }, hideSuggestions);
    }, 150);
  }

  function showSuggestions(positions) {
    check.items = positions;
    check.active = -1;
    ui.suggestions.textContent = "";
    if (!positions.length) ui.suggestions.appendChild(el("li", { class: "empty", role: "option", "aria-disabled": "true", text: t("noMatch") }));
    positions.forEach(function (position, i) {
      ui.suggestions.appendChild(el("li", {
        id: "pa-option-" + i, role: "option", "aria-selected": "false", class: "option", text: position.name,
        onmousedown: function (event) { event.preventDefault(); choosePosition(i); }
      }));
    });
    ui.suggestions.hidden = false;
    ui.position.setAttribute("aria-expanded", "true");
  }

  function hideSuggestions() {
    ui.suggestions.hidden = true;
    ui.position.setAttribute("aria-expanded", "false");
    ui.position.removeAttribute("aria-activedescendant");
  }

  function choosePosition(i) {
    var position = check.items[i];
    if (!position) return;
    check.positionId = position.id;
    check.choices = {};
    check.guided = null;
    ui.position.value = position.name;
    hideSuggestions();
    loadSteps();
  }

  function positionKeys(event) {
    if (ui.suggestions.hidden || !check.items.length) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      var n = check.items.length;
      check.active = (check.active + (event.key === "ArrowDown" ? 1 : n - 1)) % n;
      ui.suggestions.querySelectorAll(".option").forEach(function (option, i) {
        option.setAttribute("aria-selected", String(i === check.active));
      });
      ui.position.setAttribute("aria-activedescendant", "pa-option-" + check.active);
    } else if (event.key === "Enter" && check.active >= 0) {
      event.preventDefault();
      choosePosition(check.active);
    }
  }

  function onCheck(event) {
    event.preventDefault();
    if (!check.positionId || !check.guided) return formError(t("pickPosition"), ui.position);
    var payload = Object.assign({ position: check.positionId }, check.guided.implied);
    var typed = readSteps();
    var bad = null;
    check.guided.steps.forEach(function (step) {
      var control = ui.steps.querySelector("#" + stepId(step));
      if (step.kind === "choice") {
        if (control.value) payload[step.name] = control.value;
      } else if (step.kind === "multi_choice") {
        payload[step.name] = typed[step.name];  // nothing ticked: none of them is held
      } else if (step.kind === "yes_no") {
        if (typed[step.name]) payload[step.name] = typed[step.name] === "yes";
      } else if (typed[step.name] !== undefined || step.required) {
        var years = typed[step.name] === undefined ? NaN : Number(typed[step.name]);
        if (!(years >= step.minimum && years <= step.maximum)) bad = bad || control;
        payload[step.name] = years;
      }
    });
    if (bad) return formError(t("needYears"), bad);
    ui.runCheck.disabled = true;
    ui.verdict.textContent = t("loading");
    post("/api/eligibility", payload).then(function (result) {
      ui.verdict.textContent = "";
      ui.verdict.appendChild(el("p", { class: "sr-only", text: t("verdict") }));
      ui.verdict.appendChild(renderVerdict(result, state.lang, true));
      ui.verdict.scrollIntoView({ block: "start" });
    }, function (error) { formError(error.message); }).then(function () { ui.runCheck.disabled = false; });
  }

  function formError(text, field) {
    ui.verdict.textContent = "";
    ui.verdict.appendChild(el("p", { class: "error", role: "alert", text: text }));
    if (field) field.focus();
  }

  /* The checker's result: its verdict, its own explanation (kk/ru) and the clauses it rests on. */
  function renderVerdict(result, lang, full) {
    var box = el("div", { class: "verdict verdict-" + result.verdict, "data-verdict": result.verdict });
    if (!full) {
      box.appendChild(el("p", { class: "headline", text: T[lang].verdicts[result.verdict] || result.verdict }));
      return box;
    }
    var lines = (lang === "ru" ? result.explanation_ru : result.explanation_kk).split("\n");
    box.appendChild(el("p", { class: "headline", text: lines[0] }));
    lines.slice(1).forEach(function (line) { box.appendChild(el("p", { class: "line", text: line })); });
    var cited = [result.citation];
    (result.conflicts || []).forEach(function (conflict) {
      conflict.provisions.forEach(function (p) { cited.push(p.citation); });
    });
    var seen = {};
    var chips = cited.filter(function (c) { return !seen[c.id] && (seen[c.id] = true); })
      .map(function (c) { return { id: c.id, label: lang === "ru" ? c.label_ru : c.label_kk }; });
    box.appendChild(renderChips(chips));
    return box;
  }

  /* ---------- styles (inside the shadow root only) ---------- */

  function CSS() {
    return [
      ":host { all: initial; }",
      "*, *::before, *::after { box-sizing: border-box; }",
      "[hidden] { display: none !important; }",
      ".sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }",
      ".launcher, .panel { font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif; color: #1f2933; }",
      ".launcher { position: fixed; right: 20px; bottom: 20px; width: 60px; height: 60px; border-radius: 50%; border: 0; background: #0b5cad; color: #fff; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.3); display: grid; place-items: center; }",
      ".launcher svg { width: 28px; height: 28px; fill: currentColor; }",
      "button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, [tabindex]:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }",
      ".panel { position: fixed; right: 20px; bottom: 20px; width: 400px; max-width: calc(100vw - 40px); height: 620px; max-height: calc(100vh - 40px); background: #fff; border-radius: 14px; box-shadow: 0 10px 40px rgba(0,0,0,.28); display: flex; flex-direction: column; overflow: hidden; }",
      "header { display: flex; align-items: center; gap: 8px; padding: 10px 12px; background: #0b5cad; color: #fff; }",
      ".title { flex: 1; margin: 0; font-size: 16px; font-weight: 600; }",
      ".langs { display: flex; border: 1px solid rgba(255,255,255,.7); border-radius: 8px; overflow: hidden; }",
      ".lang { border: 0; background: transparent; color: #fff; padding: 4px 8px; font: inherit; font-size: 12px; cursor: pointer; }",
      ".lang[aria-pressed='true'] { background: #fff; color: #0b5cad; font-weight: 700; }",
      ".icon-button { border: 0; background: transparent; color: #fff; width: 32px; height: 32px; cursor: pointer; display: grid; place-items: center; }",
      ".icon-button svg { width: 20px; height: 20px; stroke: currentColor; stroke-width: 2.4; fill: none; }",
      ".tabs { display: flex; border-bottom: 1px solid #d9e2ec; }",
      "[role=tab] { flex: 1; border: 0; background: #f5f7fa; padding: 9px; font: inherit; color: #334e68; cursor: pointer; border-bottom: 3px solid transparent; }",
      "[role=tab][aria-selected='true'] { background: #fff; border-bottom-color: #0b5cad; color: #0b5cad; font-weight: 600; }",
      ".view { flex: 1; display: flex; flex-direction: column; min-height: 0; }",
      ".scroll { overflow-y: auto; padding: 12px; display: block; }",
      ".link { align-self: flex-end; margin: 6px 10px 0; border: 0; background: none; color: #0b5cad; text-decoration: underline; font: inherit; font-size: 13px; cursor: pointer; }",
      ".log { flex: 1; overflow-y: auto; list-style: none; margin: 0; padding: 8px 12px; display: flex; flex-direction: column; gap: 10px; }",
      ".msg { max-width: 92%; padding: 8px 11px; border-radius: 12px; word-wrap: break-word; overflow-wrap: anywhere; }",
      ".msg .text { margin: 0; white-space: pre-wrap; }",
      ".user { align-self: flex-end; background: #0b5cad; color: #fff; border-bottom-right-radius: 4px; }",
      ".bot { align-self: flex-start; background: #f0f4f8; border-bottom-left-radius: 4px; }",
      ".bot.error { background: #fde8e8; color: #8a1c1c; }",
      ".pending .text { color: #627d98; font-style: italic; }",
      ".notice { font-size: 13px; color: #627d98; margin: 6px 0 0; }",
      ".chips { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; align-items: center; }",
      ".chips-label { font-size: 12px; color: #627d98; }",
      ".chip { border: 1px solid #0b5cad; background: #fff; color: #0b5cad; border-radius: 999px; padding: 3px 10px; font: inherit; font-size: 12.5px; cursor: pointer; text-align: left; }",
      ".chip:hover { background: #e6f0fa; }",
      ".choices { display: flex; flex-direction: column; gap: 6px; margin-top: 8px; }",
      ".choice { border: 1px solid #0b5cad; background: #e6f0fa; color: #102a43; border-radius: 8px; padding: 6px 10px; font: inherit; font-size: 13.5px; cursor: pointer; text-align: left; }",
      ".choice:hover, .choice:focus-visible { background: #cfe2f6; }",
      ".feedback { display: flex; align-items: center; gap: 6px; margin-top: 6px; }",
      ".thumb { border: 1px solid #bcccdc; background: #fff; border-radius: 8px; width: 32px; height: 28px; cursor: pointer; display: grid; place-items: center; color: #486581; }",
      ".thumb svg { width: 16px; height: 16px; fill: currentColor; }",
      ".thumb[aria-pressed='true'] { background: #0b5cad; color: #fff; border-color: #0b5cad; }",
      ".thanks { margin: 0; font-size: 12.5px; color: #2f8132; }",
      ".comment-form { display: flex; flex-direction: column; gap: 6px; margin-top: 6px; }",
      "textarea, input, select { font: inherit; color: inherit; border: 1px solid #9fb3c8; border-radius: 8px; padding: 7px 9px; background: #fff; width: 100%; }",
      ".ask { display: flex; gap: 8px; padding: 10px 12px; border-top: 1px solid #d9e2ec; align-items: flex-end; }",
      ".ask textarea { resize: none; flex: 1; }",
      ".primary { border: 0; background: #0b5cad; color: #fff; border-radius: 8px; padding: 8px 14px; font: inherit; font-weight: 600; cursor: pointer; }",
      ".primary:disabled { opacity: .6; cursor: wait; }",
      ".secondary { border: 1px solid #0b5cad; background: #fff; color: #0b5cad; border-radius: 8px; padding: 5px 12px; font: inherit; cursor: pointer; align-self: flex-start; }",
      ".clause { position: absolute; top: 52px; left: 0; right: 0; bottom: 0; background: #fff; display: flex; flex-direction: column; border-top: 1px solid #d9e2ec; }",
      ".clause-head { display: flex; gap: 8px; align-items: flex-start; padding: 10px 12px; border-bottom: 1px solid #d9e2ec; }",
      ".clause-title { flex: 1; margin: 0; font-size: 15px; }",
      ".clause-body { overflow-y: auto; padding: 10px 12px; white-space: pre-wrap; }",
      ".clause-text { margin: 0 0 8px; }",
      ".levels { padding-left: 20px; margin: 0; }",
      ".levels li { margin-bottom: 6px; }",
      ".levels .focus { background: #fff3c4; border-radius: 4px; }",
      ".note { font-size: 13px; color: #627d98; }",
      ".field { display: flex; flex-direction: column; gap: 4px; margin-bottom: 12px; }",
      ".field label, .field legend { font-weight: 600; font-size: 14px; }",
      "fieldset.field { border: 1px solid #d9e2ec; border-radius: 8px; padding: 6px 10px; }",
      ".field label.check { font-weight: 400; display: flex; gap: 8px; align-items: flex-start; }",
      ".field label.check input { width: auto; margin-top: 3px; }",
      ".hint { margin: 0; font-size: 12.5px; color: #627d98; }",
      ".combo { position: relative; }",
      ".suggestions { position: absolute; z-index: 2; left: 0; right: 0; top: 100%; margin: 2px 0 0; padding: 4px 0; list-style: none; background: #fff; border: 1px solid #9fb3c8; border-radius: 8px; box-shadow: 0 6px 16px rgba(0,0,0,.15); max-height: 240px; overflow-y: auto; }",
      ".suggestions li { padding: 6px 10px; cursor: pointer; }",
      ".suggestions .option[aria-selected='true'], .suggestions .option:hover { background: #e6f0fa; }",
      ".suggestions .empty { color: #627d98; cursor: default; }",
      ".verdict-box { margin-top: 8px; }",
      ".verdict { border-radius: 10px; padding: 10px 12px; background: #f0f4f8; border-left: 5px solid #627d98; margin-top: 8px; }",
      ".verdict-eligible { border-left-color: #2f8132; background: #edf7ed; }",
      ".verdict-not_eligible { border-left-color: #b42318; background: #fdecea; }",
      ".verdict-needs_more_information { border-left-color: #b7791f; background: #fff8e6; }",
      ".verdict .headline { font-weight: 700; margin: 0 0 6px; }",
      ".verdict .line { margin: 0 0 4px; white-space: pre-wrap; }",
      ".error { color: #8a1c1c; }",
      "@media (max-width: 480px) {",
      "  .panel { right: 0; bottom: 0; width: 100vw; max-width: 100vw; height: 100vh; height: 100dvh; max-height: none; border-radius: 0; }",
      "  .launcher { right: 14px; bottom: 14px; }",
      "  .msg { max-width: 100%; }",
      "}"
    ].join("\n");
  }

  /* ---------- start ---------- */

  function start() {
    build();
    applyTexts();
    setTab(state.tab);
    renderLog();
    ui.panel.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "false");
    document.body.appendChild(host);
    if (state.open) openPanel();
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();

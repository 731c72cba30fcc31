"""The bot end to end over real HTTP: languages, questions with citations, citation buttons, feedback, follow-ups."""

from __future__ import annotations

from assistant.regulation.corpus import load_document

from .conftest import buttons, has_feedback, shown


def test_start_offers_both_languages_and_help_follows_the_choice(chat, api):
    [menu] = chat.say("/start")
    assert [data for _, data in buttons(menu)] == ["lang:kk", "lang:ru"]

    calls = chat.press(menu, "lang:ru", then="sendMessage")
    edit = next(c for c in calls if c.method == "editMessageText")
    assert edit.result["text"] == "Выбран русский язык." and "reply_markup" not in edit.result
    assert "Здравствуйте" in shown(calls) and "/check — Проверить стаж" in shown(calls)

    [help_ru] = chat.say("/help")
    assert "Например, спросите" in help_ru.result["text"] and "/lang" in help_ru.result["text"]

    [menu] = chat.say("/lang")
    chat.press(menu, "lang:kk", then="sendMessage")
    [help_kk] = chat.say("/help")
    assert "Мысалы, былай сұраңыз" in help_kk.result["text"]


def test_a_kazakh_question_gets_the_chains_kazakh_answer_with_citation_buttons(chat, api, assistant, storage):
    question = "Мектепке дейінгі тәрбие және оқыту ұйымының әдіскеріне қойылатын біліктілік талаптары"
    calls = chat.ask(question)
    direct = assistant.answer(question)  # the same chain, a fresh conversation
    [message] = [c for c in calls if c.method == "sendMessage"]
    assert message.params["parse_mode"] == "HTML"
    assert message.result["text"] == direct.answer.strip()  # escaped, parsed back unchanged
    assert "2-тарау, 2-параграф, 12-тармақ" in message.result["text"]
    data = [d for _, d in buttons(message)]
    assert data[0] == "cite:kk:ch2.p2.c12" and data[-2:][0].startswith("fb:up:")
    answer_id = data[-1].split(":")[-1]
    logged = storage.answer(answer_id)
    assert logged.question == question and logged.lang == "kk" and logged.citations[:1] == ["ch2.p2.c12"]
    assert any(c.method == "sendChatAction" for c in api.calls[calls[0].at - 3:])


def test_a_russian_question_gets_a_russian_answer(chat):
    calls = chat.ask("Должностные обязанности вожатого в школе")
    text = shown(calls)
    assert "Цитата из текста на казахском языке" in text and "глава 3, параграф 14, пункт 92" in text
    assert "cite:ru:ch3.p14.c92" in [d for _, d in buttons(calls[-1])]


def test_a_citation_button_shows_the_whole_clause(chat):
    [answer] = chat.ask("Тәрбиешінің лауазымдық міндеттері")
    calls = chat.press(answer, "cite:kk:ch2.p4.c18", then="sendMessage")
    clause = load_document().clause("ch2.p4.c18")
    [sent] = [c for c in calls if c.method == "sendMessage"]
    assert sent.params["text"].startswith("<b>2-тарау, 4-параграф, 18-тармақ")
    assert clause.text in sent.result["text"]
    assert len(clause.text) > 300  # more than the quote in the answer


def test_a_clause_longer_than_a_message_is_split_at_sentence_boundaries(chat):
    answer = chat.ask("Требования к квалификации директора школы")[-1]
    clause = load_document().clause("ch3.p1.c48")
    assert len(clause.text) > 4096
    calls = chat.press(answer, "cite:ru:ch3.p1.c48", then="sendMessage", count=2)
    parts = [c.result["text"] for c in calls if c.method == "sendMessage"]
    assert len(parts) == 2 and all(len(p) <= 4096 for p in parts)
    assert parts[0].rstrip()[-1] in ".;:!?»)"  # the first part ends at the end of a sentence
    assert " ".join(" ".join(parts).split()).find(" ".join(clause.text.split())) > 0
    assert "Текст пункта — на казахском языке" in parts[-1]


def test_thumbs_go_to_the_feedback_store_and_leave_the_citation_buttons(chat, storage):
    [answer] = chat.ask("Тәрбиешінің лауазымдық міндеттері")
    up = next(d for _, d in buttons(answer) if d.startswith("fb:up:"))
    calls = chat.press(answer, up, then="editMessageReplyMarkup")
    assert next(c for c in calls if c.method == "answerCallbackQuery").params["text"] == "Рахмет, бағаңыз сақталды."
    edit = next(c for c in calls if c.method == "editMessageReplyMarkup")
    assert not has_feedback(edit) and "cite:kk:ch2.p4.c18" in [d for _, d in buttons(edit)]
    answer_id = up.split(":")[-1]
    [item] = [i for i in storage.review(limit=50) if i.answer.answer_id == answer_id]
    assert item.feedback.rating == "up" and item.answer.question == "Тәрбиешінің лауазымдық міндеттері"


def test_feedback_on_an_unknown_answer_is_refused_politely(chat, api):
    [answer] = chat.ask("Тәрбиешінің лауазымдық міндеттері")
    mark = api.mark()
    api.push_callback(chat.chat_id, answer.result["message_id"], "fb:down:" + "0" * 32)
    api.wait_for(lambda calls: any(c.method == "answerCallbackQuery" for c in calls[mark:]))
    reply = next(c for c in api.calls[mark:] if c.method == "answerCallbackQuery")
    assert reply.params["text"] == "Бұл жауап енді табылмады."


def test_a_follow_up_keeps_the_conversation_of_the_chat(chat, api, polling):
    chat.ask("Тәрбиешінің лауазымдық міндеттері")
    follow_up = chat.ask("Ал біліктілік талаптары қандай?")
    assert "cite:kk:ch2.p4.c20" in [d for _, d in buttons(follow_up[-1])]  # тәрбиеші's requirements

    other = type(chat)(api, chat.chat_id + 500)  # another chat asks the same words without the context
    alone = other.ask("Ал біліктілік талаптары қандай?")
    assert "cite:kk:ch2.p4.c20" not in [d for _, d in buttons(alone[-1])]


def test_a_sticker_gets_a_short_reply(chat, api):
    mark = api.mark()
    api.push_sticker(chat.chat_id)
    [reply] = api.wait_sent(chat.chat_id, mark)
    assert reply.result["text"] == "Мен мәтінмен жазылған сұрақтарға ғана жауап беремін."


def test_text_that_looks_like_html_is_escaped(chat):
    calls = chat.ask("<b>тәрбиеші</b> & <i>міндеттері</i>")
    assert all("error" not in c.result for c in calls)  # the fake refuses unescaped HTML
    assert has_feedback(calls[-1])


def test_an_answer_longer_than_a_message_is_split_and_the_buttons_go_under_its_last_part(chat, assistant, monkeypatch):
    question = "замдиректора школы по воспитательной — что делает, кого курирует"
    real = assistant.answer

    def longer(*args, **kwargs):  # the chain's own answer, told again until it is longer than one message
        answer = real(*args, **kwargs)
        told = answer.answer
        while len(answer.answer) <= 4096 + len(told):
            answer.answer += "\n\n" + told
        return answer

    monkeypatch.setattr(assistant, "answer", longer)
    direct = assistant.answer(question)
    assert len(direct.answer) > 4096, "the chain's answer got shorter: pick a question with a longer one"
    parts = [c for c in chat.ask(question) if c.method == "sendMessage"]
    assert len(parts) == 2 and all(len(p.result["text"]) <= 4096 for p in parts)
    assert not buttons(parts[0]) and has_feedback(parts[1]) and buttons(parts[1])[0][1].startswith("cite:ru:")
    first = parts[0].result["text"]
    assert direct.answer.startswith(first)  # the answer's beginning, unchanged
    assert direct.answer[len(first):len(first) + 1] in ("\n", " ")  # cut where a line or a sentence ends
    assert " ".join(" ".join(p.result["text"] for p in parts).split()) == " ".join(direct.answer.split())


def test_a_button_no_feature_knows_is_answered_and_changes_nothing(chat, api):
    [answer] = chat.ask("Тәрбиешінің лауазымдық міндеттері")
    for data in ("lang:xx", "cite:kk:ch99.c1", "something-else"):
        mark = api.mark()
        api.push_callback(chat.chat_id, answer.result["message_id"], data)
        api.wait_for(lambda calls: any(c.method == "answerCallbackQuery" for c in calls[mark:]))
        assert api.sent(chat.chat_id, mark) == []


def test_a_name_that_fits_several_positions_is_asked_back_with_buttons_and_a_press_answers(chat):
    [asked] = chat.ask("Сколько стажа нужно методисту?")
    options = [(text, data) for text, data in buttons(asked) if data.startswith("ask:")]
    assert len(options) >= 2 and "О какой должности" in asked.result["text"]
    preschool = next(data for text, data in options if "дошкольного" in text)
    calls = chat.press(asked, preschool, then="sendMessage")
    assert "пункт 12" in shown(calls)  # the preschool methodist's requirements (ch2.p2.c12)


def test_the_chats_language_never_overrides_a_question_that_tells_its_own(chat):
    [menu] = chat.say("/lang")
    chat.press(menu, "lang:kk", then="sendMessage")
    text = shown(chat.ask("Какие обязанности у вожатого в школе?"))  # /lang kk, a Russian question: Russian
    assert "Цитата из текста на казахском языке" in text and "глава 3, параграф 14" in text
    [menu] = chat.say("/lang")
    chat.press(menu, "lang:ru", then="sendMessage")
    text = shown(chat.ask("Тәрбиешінің лауазымдық міндеттері қандай?"))  # /lang ru, a Kazakh question: Kazakh
    assert "Мәтіннен үзінді" in text and "2-тарау, 4-параграф" in text

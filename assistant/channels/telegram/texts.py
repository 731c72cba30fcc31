"""The bot's own sentences, in Kazakh and Russian (answers and verdicts come from the chain and the checker)."""

from __future__ import annotations

from ...answering import phrases

LANG_NAMES = {"kk": "🇰🇿 Қазақша", "ru": "🇷🇺 Русский"}
CHOOSE_LANG = "Тілді таңдаңыз / Выберите язык:"
LANG_SET = {"kk": "Қазақ тілі таңдалды.", "ru": "Выбран русский язык."}

COMMANDS = {
    "kk": {"check": "Жұмыс өтілін тексеру", "lang": "Тілді ауыстыру", "help": "Көмек және сұрақ үлгілері",
           "cancel": "Тексеруді тоқтату", "start": "Басынан бастау"},
    "ru": {"check": "Проверить стаж", "lang": "Сменить язык", "help": "Справка и примеры вопросов",
           "cancel": "Отменить проверку", "start": "Начать сначала"},
}


def command_list(lang: str) -> str:
    return "\n".join(f"/{name} — {text}" for name, text in COMMANDS[lang].items() if name != "start")


def greeting(lang: str) -> str:
    return f"{phrases.GREETING[lang]}\n\n{command_list(lang)}"


def help_text(lang: str) -> str:
    return f"{phrases.HELP[lang]}\n\n{command_list(lang)}"


APOLOGY = {
    "kk": "Кешіріңіз, сұрауды өңдеу кезінде қате шықты. Сәлден кейін қайталап көріңіз.",
    "ru": "Извините, при обработке запроса произошла ошибка. Попробуйте ещё раз чуть позже.",
}
RATE_LIMITED = {
    "kk": "Хабарлар тым жиі келіп жатыр. {seconds} секундтан кейін қайталаңыз.",
    "ru": "Слишком много сообщений. Повторите через {seconds} с.",
}
TOO_LONG = {"kk": "Сұрақ тым ұзын: ең көбі {limit} таңба.", "ru": "Вопрос слишком длинный: не более {limit} символов."}
NOT_READY = {
    "kk": "Анықтамалық әлі жүктеліп жатыр, сәлден кейін қайталаңыз.",
    "ru": "Справочник ещё загружается, повторите чуть позже.",
}
BAD_INPUT = {"kk": "Сұрақты өңдей алмадым:", "ru": "Не удалось обработать вопрос:"}
NOT_TEXT = {
    "kk": "Мен мәтінмен жазылған сұрақтарға ғана жауап беремін.",
    "ru": "Я отвечаю только на вопросы, написанные текстом.",
}

FEEDBACK_THANKS = {"kk": "Рахмет, бағаңыз сақталды.", "ru": "Спасибо, оценка сохранена."}
FEEDBACK_UNKNOWN = {"kk": "Бұл жауап енді табылмады.", "ru": "Этот ответ больше не найден."}
CLAUSE_UNKNOWN = {"kk": "Бұл тармақ табылмады.", "ru": "Этот пункт не найден."}
CLAUSE_IN_KAZAKH = {
    "kk": "",
    "ru": "Текст пункта — на казахском языке (официальный текст Типовых характеристик).",
}

# The /check dialog.
ASK_POSITION = {
    "kk": "Лауазымның атауын жазыңыз (мысалы: «тәрбиеші», «мектеп директорының орынбасары»).",
    "ru": "Напишите название должности (например: «воспитатель», «заместитель директора школы»).",
}
PICK_POSITION = {"kk": "Лауазымды таңдаңыз:", "ru": "Выберите должность:"}
NO_POSITION = {
    "kk": "Мұндай лауазым табылмады. Атауын басқаша жазып көріңіз.",
    "ru": "Такая должность не найдена. Попробуйте написать иначе.",
}
# The steps' own questions and labels are the guided check's (assistant/eligibility/dialog.py).
POSITION_NAME = {"kk": "Лауазым", "ru": "Должность"}
PICKS_DONE = {"kk": "✔ Дайын", "ru": "✔ Готово"}
NONE_HELD = {"kk": "ешқайсысы жоқ", "ru": "ни одной"}
PICKS_NONE = {"kk": "Ешқайсысы жоқ", "ru": "Ни одной"}
BAD_YEARS = {"kk": "Жыл санын 0-ден {most:g}-ке дейінгі санмен жазыңыз.", "ru": "Напишите число лет от 0 до {most:g}."}
CANCEL_BUTTON = {"kk": "✖ Бас тарту", "ru": "✖ Отмена"}
CANCELLED = {"kk": "Тексеру тоқтатылды.", "ru": "Проверка отменена."}
NOTHING_TO_CANCEL = {"kk": "Тоқтататын ештеңе жоқ.", "ru": "Нечего отменять."}
DIALOG_OVER = {
    "kk": "Бұл тексеру аяқталған. Жаңасын бастау: /check",
    "ru": "Эта проверка уже завершена. Начать новую: /check",
}
CHECK_FAILED = {"kk": "Тексеру мүмкін болмады:", "ru": "Проверить не удалось:"}

# Under a clause whose scrambled law titles were restored: the text as printed follows.
PRINTED = {"kk": "Ресми басылымдағы мәтін:", "ru": "Текст, как он напечатан:"}

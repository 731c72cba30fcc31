"""The checker's explanation of a result, in Kazakh and in Russian.

Every number in these sentences comes from the result (that is, from the rules
data and the person's own facts); the sentences themselves are the assistant's.
"""

from __future__ import annotations

from .result import ConditionStatus, EligibilityResult, Missing, RouteStatus, Status, Verdict
from .rules import Vocabulary, load_rules

QUESTIONS = {
    "education": ("Біліміңіз қандай: жоғары, жоғары оқу орнынан кейінгі немесе техникалық және кәсіптік?",
                  "Какое у вас образование: высшее, послевузовское или техническое и профессиональное?"),
    "locality": ("Қалада ма, әлде ауылдық жерде жұмыс істейсіз бе?",
                 "Вы работаете в городе или в сельской местности?"),
    "org_level": ("Орталық облыс (республикалық маңызы бар қала) деңгейінде ме, әлде аудан/қала деңгейінде ме?",
                  "Центр областного (города республиканского значения) уровня или районного/городского?"),
    "nested_years": ("Жалпы өтіліңіздің ішінде ережеде аталған жерде (соңғы жылдары) қанша жыл жұмыс істедіңіз?",
                     "Сколько лет из общего стажа (за последние годы) вы проработали там, где требует норма?"),
    "leadership_years": ("Басшы немесе басшының орынбасары лауазымында қанша жыл жұмыс істедіңіз?",
                         "Сколько лет вы работали руководителем или заместителем руководителя?"),
    "civil_service_years": ("Білім және ғылым саласында мемлекеттік қызметші немесе ТжКБ, ЖОО басшысы болып қанша жыл жұмыс істедіңіз?",
                            "Сколько лет вы работали госслужащим в сфере образования и науки или руководителем организации ТиПО, вуза?"),
    "enterprise_years": ("Бейінге сәйкес кәсіпорындарда (ұйымдарда) қанша жыл жұмыс істедіңіз?",
                         "Сколько лет вы работали на предприятиях (в организациях) соответствующего профиля?"),
    "categories_held": ("Сізде біліктілік санаты бар ма (мысалы, бірінші, жоғары, педагог-сарапшы, басшы орынбасарының санаты)?",
                        "Есть ли у вас квалификационная категория (например, первая, высшая, педагог-эксперт, категория заместителя руководителя)?"),
    "retraining": ("Лауазым бағыты бойынша қайта даярлаудан өттіңіз бе?",
                   "Проходили ли вы переподготовку по направлению должности?"),
    "academic_degree": ("Ғылыми дәрежеңіз бар ма?", "Есть ли у вас учёная степень?"),
}
FLAG_TEXT = {"retraining": ("қайта даярлау", "переподготовка"), "academic_degree": ("ғылыми дәреже", "учёная степень")}
STATUS_TEXT = {
    Status.MET: ("орындалды", "выполнено"),
    Status.NOT_MET: ("орындалмады", "не выполнено"),
    Status.UNKNOWN: ("белгісіз", "неизвестно"),
}
LEVEL_WORD = ("біліктілік деңгейі", "уровень квалификации")


def missing_questions(facts: list[str], vocabulary: Vocabulary) -> list[Missing]:
    return [Missing(fact=f, question_kk=QUESTIONS[f][0], question_ru=QUESTIONS[f][1]) for f in facts]


def years_text(value: float, lang: str, genitive: bool = False) -> str:
    """«3 жыл»; in Russian «3 года» (у вас …) or, after «не менее», «3 лет»."""
    number = f"{value:g}".replace(".", ",")
    return f"{number} жыл" if lang == "kk" else f"{number} {_ru_years_word(value, genitive)}"


def _ru_years_word(value: float, genitive: bool) -> str:
    n = int(value)
    if value != n or (n % 10 == 1 and n % 100 != 11):
        return "года" if genitive or value != n else "год"
    if genitive:
        return "лет"
    return "года" if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else "лет"


def condition_text(c: ConditionStatus, lang: str, vocabulary: Vocabulary) -> str:
    i = 0 if lang == "kk" else 1
    if c.min_years is not None:
        kind = c.kind_kk if lang == "kk" else c.kind_ru
        bound = ("кемінде ", "не менее ")[i] if not c.exclusive else ("астам ", "более ")[i]
        return f"{kind}: {bound}{years_text(c.min_years, lang, genitive=True)}"
    if c.any_of:
        names = [getattr(vocabulary.categories[a], lang) for a in c.any_of]
        return ("санаттың бірі: ", "одна из категорий: ")[i] + ", ".join(names)
    return FLAG_TEXT[c.fact][i]


def route_text(route: RouteStatus, lang: str, vocabulary: Vocabulary) -> str:
    i = 0 if lang == "kk" else 1
    if route.no_experience_required:
        body = ("жұмыс өтіліне талап қойылмайды", "требования к стажу не предъявляются")[i]
    else:
        body = "; ".join(condition_text(c, lang, vocabulary) for c in route.conditions)
    scope = route_scope(route, lang)
    return f"{body}{scope} — {STATUS_TEXT[route.status][i]}"


SHORT_EDUCATION_NAMES = {"higher": ("жоғары", "высшее"), "postgraduate": ("ЖОО-дан кейінгі", "послевузовское"),
                         "tvet": ("ТжКБ", "ТиПО")}


def route_scope(route: RouteStatus, lang: str) -> str:
    parts = []
    if route.locality:
        parts.append({"urban": ("қалада", "в городе"), "rural": ("ауылдық жерде", "в сельской местности")}
                     [route.locality.value][0 if lang == "kk" else 1])
    if route.org_level:
        parts.append({"regional": ("облыс деңгейі", "областной уровень"), "district": ("аудан деңгейі", "районный уровень")}
                     [route.org_level.value][0 if lang == "kk" else 1])
    if len(route.education) < 3:
        names = SHORT_EDUCATION_NAMES
        parts.append("/".join(names[e.value][0 if lang == "kk" else 1] for e in route.education))
    return f" ({', '.join(parts)})" if parts else ""


def explain(result: EligibilityResult, lang: str) -> str:
    vocabulary = load_rules().vocabulary
    lines = [_headline(result, lang), *_requirement(result, lang)]
    if len(result.routes) > 1 or result.verdict is not Verdict.ELIGIBLE:
        title = ("Талаптың жолдары («немесе»):", "Варианты выполнения требования («или»):")[0 if lang == "kk" else 1]
        lines.append(title)
        lines += [f"• {route_text(r, lang, vocabulary)}" for r in result.routes]
    lines += _questions(result, lang) + _extra(result, lang)
    lines.append(_source(result, lang))
    return "\n".join(line for line in lines if line)


EDUCATION_NAMES = {"higher": ("жоғары", "высшее"), "postgraduate": ("жоғары оқу орнынан кейінгі", "послевузовское"),
                   "tvet": ("техникалық және кәсіптік (ТжКБ)", "техническое и профессиональное (ТиПО)")}


def _education_names(values, lang: str) -> str:
    return ", ".join(EDUCATION_NAMES[getattr(v, "value", v)][0 if lang == "kk" else 1] for v in values)


def _headline(result: EligibilityResult, lang: str) -> str:
    level = result.level.kk if lang == "kk" else result.level.ru
    name = result.position_kk if lang == "kk" or not result.position_ru else result.position_ru
    target = f"«{name}»" + (f", {LEVEL_WORD[0 if lang == 'kk' else 1]} «{level}»" if result.level.rank > 1 else "")
    if result.closed_level:
        return _closed_headline(result, target, lang)
    if result.entry and result.entry.decides and result.entry.status is Status.NOT_MET:
        return _education_headline(result, target, lang)
    if lang == "kk":
        return {Verdict.ELIGIBLE: f"Иә: {target} үшін жұмыс өтілі талабы орындалады.",
                Verdict.NOT_ELIGIBLE: f"Жоқ: {target} үшін жұмыс өтілі талабы орындалмайды.",
                Verdict.NEEDS_MORE_INFORMATION: f"{target} бойынша жауап беру үшін мәлімет жеткіліксіз."}[result.verdict]
    return {Verdict.ELIGIBLE: f"Да: требование к стажу для {target} выполнено.",
            Verdict.NOT_ELIGIBLE: f"Нет: требование к стажу для {target} не выполнено.",
            Verdict.NEEDS_MORE_INFORMATION: f"Чтобы ответить по {target}, не хватает сведений."}[result.verdict]


def _closed_headline(result: EligibilityResult, target: str, lang: str) -> str:
    """A level the clause sets only for other educations (e.g. «біліктілігінің жоғары деңгейі болған кезде»)."""
    admitted = sorted({e.value for r in result.routes for e in r.education})
    own = _education_names([result.education], lang)
    if lang == "kk":
        return (f"Жоқ: {target} үшін тармақ жұмыс өтілін тек мына білім болған кезде белгілейді: "
                f"{_education_names(admitted, lang)}; сіздің біліміңіз — {own}.")
    return (f"Нет: для {target} пункт устанавливает стаж только при таком образовании: "
            f"{_education_names(admitted, lang)}; у вас — {own}.")


def _education_headline(result: EligibilityResult, target: str, lang: str) -> str:
    """The entry education not met: the clause names no ТжКБ (and, where it offers one, no retraining)."""
    kk = lang == "kk"
    why = ("тармақ техникалық және кәсіптік білімді атамайды" if kk else
           "пункт не называет техническое и профессиональное образование (ТиПО)")
    if result.entry.retraining:
        why += (", ал қайта даярлау туралы құжатыңыз жоқ" if kk else ", а документа о переподготовке у вас нет")
    return (f"Жоқ: {target} үшін білім талабы орындалмайды: {why}." if kk
            else f"Нет: требование к образованию для {target} не выполнено: {why}.")


def _entry_lines(result: EligibilityResult, lang: str) -> list[str]:
    """The entry education when it is not plainly met: its quote, and why it is open when it is."""
    entry, kk = result.entry, lang == "kk"
    if entry is None or entry.status is Status.MET:
        return []
    line = ("Білім талабы: «" if kk else "Требование к образованию: «") + entry.quote + "»"
    if entry.status is Status.UNKNOWN and not entry.decides:
        line += (" — ТжКБ (колледж) бұған жата ма, тармақ нақты айтпайды; кадр қызметімен нақтылаңыз." if kk else
                 " — относится ли к нему ТиПО (колледж), пункт прямо не говорит; уточните в кадровой службе.")
    return [line]


def _requirement(result: EligibilityResult, lang: str) -> list[str]:
    kk = lang == "kk"
    if result.min_years is None:
        return []
    if result.min_years == 0:
        return ["Жұмыс өтіліне талап қойылмайды." if kk else "Требования к стажу не предъявляются."]
    kind = result.experience_kind_kk if kk else result.experience_kind_ru
    kind = kind or ("жұмыс өтілі" if kk else "стаж")  # a route by categories or civil service names no kind
    # an approximate figure («почти 5 лет») is shown in the person's words: its verdict held at both ends of its range
    have = f"«{result.years_said}»" if result.years_said else years_text(result.years, lang)
    if result.verdict is Verdict.ELIGIBLE and result.years < result.min_years:
        # met by another route (a category, leadership, civil service): the years are not what decided it
        return [f"Өтіл бойынша ({kind} — кемінде {years_text(result.min_years, lang)}) талап орындалмайды, бірақ "
                f"төмендегі басқа нұсқа орындалады; сізде {have}." if kk else
                f"По стажу ({kind} — не менее {years_text(result.min_years, lang, genitive=True)}) требование не "
                f"выполнено, но выполнен другой вариант (ниже); у вас {have}."]
    need = (f"Ең аз талап: {kind} — кемінде {years_text(result.min_years, lang)}; сізде {have}."
            if kk else
            f"Минимальное требование: {kind} — не менее {years_text(result.min_years, lang, genitive=True)}; у вас {have}.")
    if result.shortfall and not result.years_said:
        need += (f" Жетпейді: {years_text(result.shortfall, lang)}." if kk
                 else f" Не хватает: {years_text(result.shortfall, lang, genitive=True)}.")
    return [need]


def _questions(result: EligibilityResult, lang: str) -> list[str]:
    if not result.missing:
        return []
    head = "Нақтылаңыз:" if lang == "kk" else "Уточните:"
    return [head] + [f"• {m.question_kk if lang == 'kk' else m.question_ru}" for m in result.missing]


def _extra(result: EligibilityResult, lang: str) -> list[str]:
    kk = lang == "kk"
    lines = [("Сонымен қатар білім талабы: «" if kk else "Также требование к образованию: «") + c + "»"
             for c in result.conditions] + _entry_lines(result, lang)
    if result.other_variants:
        lines.append(("Бұл жауап жалпы ережеге сәйкес; өз ережесі бар түрлері: " if kk
                      else "Ответ дан по общему правилу; свои правила есть для: ")
                     + "; ".join(v.split(": ", 1)[1].split(" / ")[0 if kk else 1] for v in result.other_variants))
    for conflict in result.conflicts:
        lines.append(("Назар аударыңыз, ережелер бір-біріне сәйкес келмейді: " if kk
                      else "Внимание: нормы противоречат друг другу: ") + (conflict.summary_kk if kk else conflict.summary_ru))
        for p in conflict.provisions:
            verdict = _verdict_word(p.verdict, lang)
            lines.append(f"• {p.citation.label_kk if kk else p.citation.label_ru}: «{p.citation.quote}» — {verdict}")
        if not conflict.agree:
            lines.append("Бұл нормалар сіздің жағдайыңызда әртүрлі нәтиже береді; кадр қызметімен нақтылаңыз." if kk
                         else "В вашем случае эти нормы дают разный результат; уточните в кадровой службе.")
    return lines


def _verdict_word(verdict: Verdict, lang: str) -> str:
    words = {Verdict.ELIGIBLE: ("сәйкес келеді", "соответствует"),
             Verdict.NOT_ELIGIBLE: ("сәйкес келмейді", "не соответствует"),
             Verdict.NEEDS_MORE_INFORMATION: ("мәлімет жеткіліксіз", "не хватает сведений")}
    return words[verdict][0 if lang == "kk" else 1]


def _source(result: EligibilityResult, lang: str) -> str:
    c = result.citation
    if lang == "kk":
        return f"Дереккөз: {c.label_kk}: «{c.quote}»"
    return f"Источник: {c.label_ru}: «{c.quote}» (цитата из текста на казахском языке)"

from assistant.answering.conversation import MAX_TURNS, MemorySessionStore, Session, Turn


def test_sessions_keep_the_last_turns_and_are_isolated_copies():
    store = MemorySessionStore(capacity=2)
    session = Session()
    for i in range(MAX_TURNS + 3):
        session.add(Turn(question=str(i), lang="kk", route="regulation"))
    store.save(session)
    loaded = store.get(session.id)
    assert len(loaded.turns) == MAX_TURNS and loaded.last.question == str(MAX_TURNS + 2)
    loaded.add(Turn(question="x", lang="kk", route="regulation"))
    assert store.get(session.id).last.question != "x"


def test_the_least_recently_used_session_is_dropped_past_capacity():
    store = MemorySessionStore(capacity=2)
    a, b, c = Session(), Session(), Session()
    for s in (a, b, c):
        store.save(s)
    assert store.get(a.id) is None and store.get(c.id) is not None

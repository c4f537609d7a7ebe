from analysis.text.memo import FirstSightMemo


def test_memo_computes_once_and_keeps_at_most_its_limit():
    calls = []

    def length(word: str) -> int:
        calls.append(word)
        return len(word)

    memo = FirstSightMemo(length, limit=2)
    assert [memo[w] for w in ("ab", "ab", "cde", "f", "f")] == [2, 2, 3, 1, 1]
    assert calls == ["ab", "cde", "f", "f"]  # "f" came after the limit: computed each time
    assert dict(memo) == {"ab": 2, "cde": 3}

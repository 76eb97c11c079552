from pipeline.text import clean_summary, split_sentences


def test_sentences_keep_closing_quotes():
    assert split_sentences("第一句。第二句！“第三句？”第四句") == [
        "第一句。",
        "第二句！",
        "“第三句？”",
        "第四句",
    ]


def test_long_unpunctuated_text_is_cut_at_spaces_verbatim():
    text = " ".join(["这是一个没有标点的分句"] * 30)
    parts = split_sentences(text, max_chars=50)
    assert all(len(p) <= 50 for p in parts)
    assert " ".join(parts) == text


def test_clean_summary_removes_spaces_specials_and_repeats():
    assert (
        clean_summary("<pad> 南 湾 区 新 增 就 业 1.2 万 人 。 南 湾 区 新 增 就 业 1.2 万 人 。</s>")
        == "南湾区新增就业1.2万人。"
    )
    assert clean_summary("[CLS] 会议 强调 GDP 增长 。 [SEP]") == "会议强调GDP增长。"
    assert clean_summary("Hello world 你好") == "Hello world你好"


def test_cut_to_cuts_at_a_semicolon_as_a_clause_mark():
    from pipeline.text import cut_to

    text = "全区推进老旧小区改造工作取得积极进展；各街道要压实责任确保如期完成"
    assert cut_to(text, 30) == "全区推进老旧小区改造工作取得积极进展…"  # not cut at the budget
    first = "第一句话讲的是全区就业情况。"  # a sentence end past a third of the budget comes first
    assert cut_to(first + text, 30) == first

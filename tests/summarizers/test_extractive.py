from __future__ import annotations

from pipeline.config import ExtractiveSettings
from pipeline.summarizers import LeadSummarizer, TextRankSummarizer
from pipeline.summarizers.textrank import textrank_scores
from pipeline.text import split_sentences

TEXT = (
    "南湾区今年新增城镇就业1.2万人。"
    "区人社局举办招聘会46场，提供就业岗位2.3万个。"
    "当天下午天气晴朗。"
    "招聘会上，就业岗位供不应求，新增就业人数创新高。"
)


def test_lead_takes_first_sentences_verbatim():
    lead = LeadSummarizer(ExtractiveSettings(sentences=2, max_chars=0))
    assert lead.summarize([TEXT, ""]) == [
        "南湾区今年新增城镇就业1.2万人。区人社局举办招聘会46场，提供就业岗位2.3万个。",
        "",
    ]


def test_lead_char_cap_is_a_hard_budget():
    # the first sentence (17 characters) fits a budget of 20; the second would not
    assert LeadSummarizer(ExtractiveSettings(sentences=3, max_chars=20)).summarize([TEXT]) == [
        "南湾区今年新增城镇就业1.2万人。"
    ]
    # a first sentence longer than the budget is cut to it (no clause mark here: at the budget, with …)
    assert LeadSummarizer(ExtractiveSettings(sentences=3, max_chars=10)).summarize([TEXT]) == [
        "南湾区今年新增城镇…"
    ]


def test_unpunctuated_run_is_cut_at_a_clause_mark_within_the_budget():
    text = "全区推进老旧小区改造，" * 20000  # 220,000 characters without a sentence end
    (summary,) = LeadSummarizer(ExtractiveSettings(sentences=2, max_chars=120)).summarize([text])
    assert len(summary) <= 120 and summary.endswith("改造…")
    (summary,) = TextRankSummarizer(ExtractiveSettings(sentences=2, max_chars=120)).summarize(
        [text + "。另一句。"]
    )
    assert len(summary) <= 120


def test_textrank_scores_by_hand():
    # Three sentences; 0 and 2 share two words, 1 shares nothing. Sentence 1 gets only the
    # teleport share (1 - d) / n = 0.05; 0 and 2 each pass all their score to the other, so
    # s = 0.05 + 0.85 s, s = 0.05 / 0.15 = 1/3 (an isolated sentence redistributes nothing).
    units = [{"就业", "岗位"}, {"天气"}, {"就业", "岗位", "招聘"}]
    scores = textrank_scores(units, damping=0.85)
    assert abs(scores[1] - 0.05) < 1e-12
    assert abs(scores[0] - 1 / 3) < 1e-9 and abs(scores[2] - 1 / 3) < 1e-9


def test_textrank_picks_central_sentences_in_source_order():
    tr = TextRankSummarizer(ExtractiveSettings(sentences=2, max_chars=0, unit="word"))
    (summary,) = tr.summarize([TEXT])
    sentences = split_sentences(TEXT)
    picked = [s for s in sentences if s in summary]
    assert "".join(picked) == summary, "verbatim sentences, in source order"
    assert "当天下午天气晴朗。" not in summary
    assert tr.summarize([TEXT]) == [summary], "deterministic"


def test_textrank_char_unit_and_short_text():
    tr = TextRankSummarizer(ExtractiveSettings(sentences=2, unit="char"))
    assert tr.summarize(["只有一句。"]) == ["只有一句。"]
    assert tr.summarize([TEXT])[0]


# --------------------------------------------------------------------------- whole sentences, no formulas

REPORT = (
    "现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。"
    "过去一年，全市地区生产总值增长5.2%，城镇新增就业8.6万人。"
    "重点抓好以下十个方面的工作:加力提振消费。"
    "新建保障性住房1.2万套，改造老旧小区312个。"
)


def test_formulaic_sentences_are_never_chosen():
    from pipeline.summarizers.sentences import is_formulaic

    for formula in (
        "现在，我代表市人民政府，向大会报告工作，请予审议。",
        "经市政府同意，现就有关事项通知如下：",
        "特此通知。",
        "各区县人民政府，市政府各部门、各直属机构：",
        "同志们：",
        "重点抓好以下十个方面的工作:加力提振消费。",
    ):
        assert is_formulaic(formula), formula
    assert not is_formulaic("过去一年，全市地区生产总值增长5.2%，城镇新增就业8.6万人。")
    for summarizer in (LeadSummarizer(ExtractiveSettings(sentences=2, max_chars=0)), TextRankSummarizer()):
        (summary,) = summarizer.summarize([REPORT])
        assert "代表市人民政府" not in summary and "以下十个方面" not in summary
        assert summary.startswith("过去一年") or "新建保障性住房" in summary


def test_a_clause_ending_in_a_semicolon_is_not_a_sentence():
    text = "各地要压实责任；确保措施落实到位。全区开展隐患排查。"
    (summary,) = LeadSummarizer(ExtractiveSettings(sentences=1, max_chars=0)).summarize([text])
    assert summary == "各地要压实责任；确保措施落实到位。"


def test_list_items_without_a_sentence_end_become_one_sentence_each():
    text = "（一）加强道路交通安全管理；\n（二）做好燃气安全排查；\n"
    (summary,) = LeadSummarizer(ExtractiveSettings(sentences=1, max_chars=0)).summaries([text])
    assert summary.text == "（一）加强道路交通安全管理。" and not summary.truncated


def test_max_chars_takes_whole_sentences_and_marks_a_cut_one():
    lead = LeadSummarizer(ExtractiveSettings(sentences=3, max_chars=40))
    (fits,) = lead.summaries([TEXT])
    assert fits.text == "南湾区今年新增城镇就业1.2万人。" and not fits.truncated  # the second would overflow
    (cut,) = LeadSummarizer(ExtractiveSettings(sentences=3, max_chars=14)).summaries([TEXT])
    assert cut.truncated and len(cut.text) <= 14 and cut.text.endswith("…")
    tr = TextRankSummarizer(ExtractiveSettings(sentences=2, max_chars=12))
    (picked,) = tr.summaries([TEXT])
    assert picked.text == "当天下午天气晴朗。" and not picked.truncated  # the only one that fits, whole


def test_excluded_sentences_are_not_used_again():
    lead = LeadSummarizer(ExtractiveSettings(sentences=2, max_chars=0))
    first = split_sentences(TEXT)[0]
    (summary,) = lead.summaries([TEXT], exclude=[{first}])
    assert first not in summary.text and summary.used[0] == split_sentences(TEXT)[1]


def test_sentences_that_only_look_like_formulas_are_kept():
    from pipeline.summarizers.sentences import is_formulaic, units

    assert not is_formulaic("受台风影响，所以下午3:00的航班全部取消。")
    assert not is_formulaic("60岁以下老人：免费乘车。")
    # a run without punctuation cut at its spaces gives clauses, never whole sentences
    long = " ".join(["全区推进老旧小区改造工作进展顺利"] * 30) + "。"
    assert all(not u.complete for u in units(long))


def test_a_wire_dateline_is_left_out_of_the_lead_sentence_and_kept_elsewhere():
    """The segmenter keeps ``本报讯（记者 X）`` in its paragraph; a summary starts with the news."""
    text = "本报讯（记者 林晓雯 通讯员 周启航）11月18日，南湾区召开民生实事推进会。\n他说，本报讯是一种新闻体裁。"
    assert LeadSummarizer(ExtractiveSettings(sentences=2)).summarize([text]) == [
        "11月18日，南湾区召开民生实事推进会。他说，本报讯是一种新闻体裁。"
    ]


def test_only_a_dateline_opening_a_line_is_left_out_and_no_sentence_is_cut():
    from pipeline.summarizers.sentences import units

    kept = [
        "今年腾讯3月发布财报，营收增长。",
        "新华社记者近日走访国家电网江苏公司。",
        "本报今日收到来电，称道路已经恢复通行。",
        "家中传来噩讯（据悉），众人悲痛。",
    ]
    for text in kept:
        assert [u.text for u in units(text)] == [text], text
    for dated in (
        "新华社北京5月9日电 海关总署发布数据。",
        "新华社北京5月9日电海关总署发布数据。",
        "湖北日报全媒体讯（记者 张三 通讯员 李四）海关总署发布数据。",
        "央视新闻客户端讯 海关总署发布数据。",
        "本报讯5月9日，海关总署发布数据。",
    ):
        assert units(dated)[0].text in ("海关总署发布数据。", "5月9日，海关总署发布数据。"), dated
    assert [u.text for u in units("本报收到读者来电")] == ["本报收到读者来电"]
    assert [u.text for u in units("他说。本报讯（记者 李红）会议开幕。")] == [
        "他说。",
        "本报讯（记者 李红）会议开幕。",
    ]

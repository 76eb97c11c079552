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

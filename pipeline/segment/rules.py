"""The conventions of Chinese press text, as patterns: what is set aside, what is a head.

Every pattern names the convention it follows (newspaper page labels and continuation notes,
CMS editor and metadata lines, government information-disclosure fields, share/print tools,
site footers with ICP licence numbers …), never a site. Each set-aside line gets its own
``kind``; the kinds are those of ``eval/expected/README.md``. A pattern that could also match a
body sentence is bounded by length and by sentence punctuation (a set-aside line is a label, not
a sentence), and the tests hold examples of body text each must leave alone.
"""

from __future__ import annotations

import functools
import re

from pipeline.text import DATELINE, NEXT_PREVIOUS_LABELS, RELATED_BOX_LABELS

SENTENCE_END = "。！？!?"
HARD_PUNCT = "。！？!?；;"

# --------------------------------------------------------------------------- patterns

_HAN = r"\u3400-\u9fff"
_NAME = rf"[{_HAN}·]{{2,5}}"
_BYLINE_ROLE = r"(?:本报记者|特约记者|见习记者|实习记者|记者|通讯员|实习生|特约撰稿人|撰稿|作者|文|图|摄影|摄|编辑|责任编辑|责编|校对|审核|来源|供稿|整理)"
_CREDIT = re.compile(
    rf"^(?:[（(]\s*)?(?:图[/／:：]\s*)?(?:{_BYLINE_ROLE}\s*)?{_NAME}(?:[\s、/／]+{_NAME})*\s*[/／]?\s*摄(?:影)?(?:\s*[）)])?$"
)
_BRACKETED = re.compile(r"^[（(]([^（）()]{1,60})[）)]$")
# The adoption note under the title of a law, resolution or regulation (题注):
# ``（2007年6月29日第十届全国人民代表大会常务委员会第二十八次会议通过）``.
_ADOPTION_NOTE = re.compile(
    r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[^。；;！？]{0,50}(?:通过|批准|修正|修订|公布|发布|施行)$"
)
_NAMES_ONLY = re.compile(
    rf"^(?:{_BYLINE_ROLE}[:：]?\s*)?{_NAME}(?:[\s、，,]+(?:{_BYLINE_ROLE}[:：]?\s*)?{_NAME})*$"
)
_STANDALONE_BYLINE = re.compile(
    rf"^(?:(?:[{_HAN}]{{0,8}}|《[^《》]{{1,12}}》)(?:本报记者|特约记者|见习记者|实习记者|记者|通讯员|实习生|作者)\s*[:：]?\s*{_NAME}(?:[\s、，,]+{_NAME})*\s*)+$|"
    rf"^(?:(?:文|图|文字|图片|摄影|视频)\s*[/／|｜:：]\s*{_NAME}(?:[\s、，,]+{_NAME})*\s*)+$"
)
_DATE_META = re.compile(
    r"^(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s+(?:来源|作者|发布|浏览|编辑|字号|阅读)"
)
# Where a text came from: 来源, 图文来源, 稿源, 供稿, 文章综合自, 本文转自 …
_SOURCE_LABEL = (
    r"(?:信息|文章|本文|图文|内容|新闻)?来源|稿源|供稿|(?:本文|文章|内容|图文)?综合自|(?:本文|文章)转自"
)
_SOURCE_LINE = re.compile(rf"^(?:{_SOURCE_LABEL})\s*[:：]")
_META_LINE = re.compile(
    rf"^(?:责任编辑|编辑|责编|校对|审核|审校|终审|初审|复审|{_SOURCE_LABEL}|作者|记者|通讯员|"
    r"发布时间|发布日期|发文日期|成文日期|时间|日期|浏览次数|阅读量|阅读次数|点击数|点击量|字号|分享到|"
    r"联系人|联系电话|电话|传真|邮编|地址|电子邮箱|邮箱|附件|抄送|主题词|发表于|发布于|更新时间|最后更新)\s*[:：]|"
    rf"^[{_HAN}]{{1,6}}(?:地址|电话|热线|邮箱|传真)\s*[:：]|"
    r"^(?:附件下载|附件列表|相关附件)\s*[:：]?$|"  # a portal's label over its attachment links
    # a form's field naming an organisation (编制单位：…, 预算主管部门：…, 发文机关：…): a label
    rf"^(?:预算主管|主管|编制|填报|报送|呈报|发文|印发|制发)(?:部门|单位|机关)\s*[:：]\s*[{_HAN}（）()·A-Za-z0-9]{{2,40}}$"
)
_META_KIND = (
    ("editor", r"^(责任编辑|编辑|责编|校对|审核|审校|终审|初审|复审)"),
    ("source", rf"^(?:{_SOURCE_LABEL})"),
    ("byline", r"^(作者|记者|通讯员)"),
    ("contact", rf"^[{_HAN}]{{0,6}}(联系人|联系电话|电话|传真|邮编|地址|电子邮箱|邮箱)"),
    ("attachment", r"^(?:相关)?附件"),
    ("distribution", r"^(抄送|主题词)"),
)
_CN_DIGIT = "〇零一二三四五六七八九十"
_DATE = re.compile(
    rf"^(?:\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|[{_CN_DIGIT}]{{4}}年[{_CN_DIGIT}]{{1,2}}月[{_CN_DIGIT}]{{1,3}}日|"
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?$"
)
_DOC_NUMBER = re.compile(rf"^[{_HAN}]{{1,12}}\s*[〔［\[【(（]\d{{4}}[〕］\]】)）]\s*\d{{1,4}}\s*号$")
_ORG_LINE = re.compile(
    rf"^[{_HAN}A-Za-z0-9（）()·]{{2,40}}(?:人民政府|政府|办公室|办公厅|委员会|委|局|厅|部|处|中心|公司|集团|协会|学会|"
    r"研究院|研究所|大学|学院|医院|银行|法院|检察院|指挥部|领导小组|工作组|联合会|总会|组委会|管委会|新闻办)$"
)
# Page furniture, each kind by the convention it follows. Checked in this order; the first match wins.
# Share, print, close and font-size tools (``【打印本页】【关闭窗口】``, ``分享到：``, ``T + -``).
_SHARE = re.compile(
    r"^(?:[【\[]?(?:打印本页|打印|关闭窗口|关闭|返回顶部|返回|收藏本页|收藏|纠错|字体|字号|分享)[^】\]]{0,12}[】\]]?\s*[|｜]?\s*)+$|"
    r"^(?:分享到|分享至|扫一扫|用微信扫|微信扫一扫|扫描二维码|打开微信|【字体|字号[:：]|T\s*\+\s*-$)",
    re.I,
)
# Previous/next links and "related"/"recommended" boxes that follow an article.
_RELATED = re.compile(rf"^[【\[]?(?:{NEXT_PREVIOUS_LABELS}|{RELATED_BOX_LABELS})")
# The organisers of a site (主办单位：…, 承办单位：…, 技术支持：…): footer lines, which name an event's
# organisers as well (二、组织单位 / 主办单位：…).
_ORGANISER_WORDS = r"主办单位|承办单位|主办[:：]|技术支持"
ORGANISER = re.compile(rf"^(?:{_ORGANISER_WORDS})")
# Site footers: copyright, ICP licence and police record numbers, sponsors.
_FOOTER = re.compile(
    rf"^(?:版权所有|Copyright|©|\(c\)\s*\d{{4}}|All Rights Reserved|{_ORGANISER_WORDS}|运行维护|网站标识码|"
    r"[\u4e00-\u9fff]{0,4}ICP备|[\u4e00-\u9fff]{0,4}公网安备|增值电信业务经营许可证|违法和不良信息举报|免责声明|"
    r"本文仅代表作者|转载请注明|未经(?:授权|许可|允许|同意)[，,]?(?:不得|禁止|严禁)转载)|"
    r"(?:ICP[备证]\s*\d|公网安备\s*\d|版权所有|All Rights Reserved|未经(?:授权|许可|允许|同意)[，,]?(?:不得|禁止|严禁)转载)",
    re.I,
)
# A reprint notice that ends its line (本文为…原创，转载请注明出处 / 如若转载，请注明出处：URL) or a
# platform's disclaimer (特别声明：以上内容…, 声明：…仅供参考): the site's footer, but only where it closes the text
# (the segmenter checks that no paragraph follows): mid-text, the same words are quoted speech.
REPRINT_NOTICE = re.compile(
    r"(?:^|[，,。])\s*(?:转载(?:时)?(?:务)?请(?:务必)?注明(?:出处|来源|作者)?|如(?:需|若|要)转载[，,]?\s*请(?:注明出处|联系[^。]{0,20}))"
    r"[。.！]?\s*[:：]?\s*(?:https?://\S*)?\s*$|^(?:特别声明|版权声明|免责声明)\s*[:：]|^声明\s*[:：].{0,80}(?:仅供参考|不构成|投资建议|风险自担|据此操作)"
)
# Navigation: breadcrumbs (``首页 > 新闻 > 正文``, ``当前位置：``), login and accessibility bars,
# mobile-site and app links, pagination, tag lists, comment counters.
_NAVIGATION = re.compile(
    r"^(?:当前位置|您的位置|你的位置|您现在的位置|你现在的位置|现在位置|所在位置|位置)\s*[:：]|"
    r"^\S{1,12}(?:\s*[>＞»›]\s*\S{0,12}){1,6}\s*[>＞»›]?\s*$|"
    r"^(?:(?:登录|注册|退出|无障碍|长者版|关怀版|适老化|繁體|繁体|简体|English|手机版|手机网站|移动版|设为首页|加入收藏|"
    r"网站地图|RSS|微博|微信|客户端|APP下载|下载APP|帮助|投稿|订阅|举报|关注)\s*[|｜/、·]?\s*){1,8}$|"
    r"^(?:下一页|上一页|余下全文|阅读全文|展开全文|查看全文|\d+\s+\d+\s+下一页)|"
    r"^(?:关键词|关键字|标签|Tags?|跟踪)\s*(?:[:：>]|\s|$)|"
    r"^(?:跟贴|评论|参与|阅读|点赞|已推荐|推荐|收藏|转发|分享|在看|赞)\s*\d+$|^我要反馈$|^您的浏览器(?:暂时)?(?:无法|不支持)|"
    # a button's status message (推荐成功, 已收藏!)
    r"^(?:(?:推荐|收藏|分享|点赞|关注|订阅|提交|复制|操作)成功|已(?:推荐|收藏|点赞|关注|订阅))\s*[!！。]?$",
    re.I,
)
# An image's file name shown as text (``微信图片_20230118183113.jpg``).
_IMAGE_NAME = re.compile(r"^[^\s/\\，。]{1,80}\.(?:jpe?g|png|gif|bmp|webp|tiff?)$", re.I)
# Newspaper continuation notes (``(下转02版)``, ``（上接第1版）``).
_CONTINUATION = re.compile(r"^[（(]\s*(?:下转|上接|转|接)\s*(?:第\s*)?[A-Z]?\d{1,3}\s*版\s*[）)]$")
# Newspaper page labels (``第3版()``, ``第03版：要闻``, ``专栏:``).
_PAGE_LABEL = re.compile(
    r"^第\s*[A-Z]?\d{1,3}\s*版\s*(?:[（(][^（）()]{0,12}[）)])?\s*(?:[:：]\s*\S{0,10})?$|"
    r"^(?:专栏|栏目|版面|版名|版次)\s*[:：]\s*\S{0,12}$|^\d{1,3}\s*/\s*\d{1,3}$"
)
# Government information-disclosure metadata (政府信息公开 fields: 索引号 发布机构 文号 有效性 …).
_GOV_META = re.compile(
    r"^(?:索引号|发布机构|发文机关|发文机构|发文字号|文号|主题分类|公文种类|体裁分类|组配分类|服务对象|信息分类|所属主题|"
    r"生成日期|成文日期|发布日期|公开日期|实施日期|生效日期|废止日期|有效性|有效期|是否有效|公开方式|公开范围|"
    r"信息来源|关键词|统一编号|登记号|主题词|效力状态)\s*[:：]"
)
# Photo credits and captions that name their agency (``（视觉中国）``, ``图片来源：摄图网``).
_PHOTO_CREDIT = re.compile(
    r"^(?:图片来源|图源|图片提供|配图|供图|题图|资料图片?|图片)\s*[:：]|^图片(?:均)?来自网络|^(?:图|照片)\s*[/／]|"
    r"(?:[（(](?:视觉中国|东方IC|图虫创意|CFP|IC photo|新华社发|资料图片?|网络图片|受访者供图|图片来源[^（）()]{0,20})[）)]|"
    r"视觉中国(?:\s*资料)?|东方IC|图虫创意|视频截图|网络截图|截图|资料图片?)$|"
    # ``某某分局供图 华龙网发``: who gave the photo, then the outlet that ran it (``X发``, as ``新华社发``)
    r"供图(?:\s+[\u3400-\u9fffA-Za-z0-9-]{2,12})?$",
    re.I,
)
_FURNITURE_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("share", _SHARE),
    ("related", _RELATED),
    ("footer", _FOOTER),
    ("furniture", _NAVIGATION),
    ("image-name", _IMAGE_NAME),
    ("continuation", _CONTINUATION),
    ("page-label", _PAGE_LABEL),
)
FURNITURE_MAX = 80  # a longer line is text, whatever it starts with
FOOTER_MAX = 200  # site footers and disclaimers run long
# Calls to action: app downloads, polls, "click to see" links (``→【下载地址】``, ``【点击投票】``).
_PROMO = re.compile(
    r"【点击[^】]{0,10}】|→\s*【[^】]{0,10}】|点击(?:投票|查看|进入|下载|关注|阅读)|下载地址|扫码下载|扫描下载"
)
# An outlet's name alone on a line under the title (``新华社``, ``中国青年报``): the source.
_OUTLET = re.compile(
    rf"^[{_HAN}]{{0,8}}(?:新华社|中新社|中国新闻社|通讯社|新闻社|日报|晚报|早报|商报|时报|青年报|法制报|经济报|周报|周刊|"
    r"电视台|广播电台|新闻网|客户端)$"
)
# An author/outlet byline (``石佳/中国青年报``, ``张三｜人民日报``).
_AUTHOR_OUTLET = re.compile(rf"^{_NAME}\s*[/／|｜]\s*[{_HAN}A-Za-z]{{2,16}}$")
# A menu, tag or keyword bar: three or more short items separated by bars (``20190926|国贸|增长率``).
_BAR = re.compile(r"^[^|｜\s]{1,12}(?:\s*[|｜]\s*[^|｜\s]{1,12}){2,}\s*[|｜]?$")

# Credit lines in all their forms: ``编辑 | 李念辉``, ``责编|陈梦莹``, ``编辑 刘晓阳 校对 李铭``,
# ``执笔/叨叨姐、胡一刀``, ``采写：南都见习记者 林子沛``, ``某某党支部供稿 摄影/张艳 编辑/苏芳``.
_ROLE = (
    r"(?:责任编辑|值班编辑|本版编辑|编辑|责编|美编|校对|审核|审校|审签|终审|初审|复审|二审|三审|监制|统筹|策划|主编|"
    r"制作|编审|本报记者|特约记者|见习记者|实习记者|记者|通讯员|实习生|撰稿|作者|执笔|采写|采访|整理|编译|翻译|文字|"
    r"文|图|摄影|摄像|视频|设计|海报|来源|供稿|出品)"
)
_CREDIT_ITEM = (
    rf"(?:{_ROLE}\s*[|｜/／:：]\s*[^\s|｜/／:：，。；！？]{{1,24}}|{_ROLE}\s+{_NAME}|"
    r"[^\s|｜/／:：，。；！？]{2,20}(?:供稿|撰稿|整理|编译))"
)
_CREDIT_LINE = re.compile(rf"^{_CREDIT_ITEM}(?:[\s、，,]+(?:{_CREDIT_ITEM}|{_NAME}))*$")
_CREDIT_KIND = (
    (
        "editor",
        re.compile(
            r"^(?:责任编辑|值班编辑|本版编辑|编辑|责编|美编|校对|审|终审|初审|复审|二审|三审|监制|统筹|策划|主编|制作|编审)"
        ),
    ),
    ("source", re.compile(r"^(?:来源|出品|[^\s|｜/／:：]{2,20}供稿)")),
)
# A credit or meta line in square brackets (``【编辑：姚昊】``, ``【文/观察者网专栏作者 王文】``).
_SQUARE_BRACKETED = re.compile(r"^[【\[]\s*([^【】\[\]]{1,60}?)\s*[】\]]$")
# Repost notes: the headline the text had at its source (``（原标题：…）``, ``本文原标题：《…》``).
_SOURCE_NOTE = re.compile(r"^[（(]?\s*(?:本文)?(?:原标题|原题为?|原文标题|原题目)\s*[:：《]")
# The speaker of a statement or speech under its title: an office and a name apart
# (``某某工程新闻发言人 张三``, ``某某局局长 李四``), the convention of published speeches and press
# statements. The name stands apart after a space; a line with punctuation is text.
# Also the speaker's line under a work report read to a congress (广东省省长 王伟中同志).
_SPEAKER = re.compile(
    rf"^[{_HAN}A-Za-z0-9（）()·]{{0,24}}(?:发言人|主任|局长|部长|厅长|处长|书记|主席|市长|省长|县长|区长|州长|院长|"
    rf"校长|检察长|行长|总理|委员长|董事长|总经理|总裁|负责人|秘书长|理事长|会长|主持人)[\s\u3000]+{_NAME}(?:同志)?$"
)
# A repost's closing credits (``信息来源于网络`` / ``经过某某重新编排``): where its text came from and
# who re-edited it, the convention of self-media accounts republishing news.
_REPOST_SOURCE = re.compile(
    r"^(?:信息|内容|文章|本文|素材|资料|文字|图文)(?:均)?(?:来源于|来自于?|源自|转自)(?:网络|互联网)[。.]?$"
)
_REPOST_EDITOR = re.compile(
    r"^(?:经过?|由)(?!此)\s*[^\s，,。；;！？!?]{1,10}?\s*(?:重新)?(?:编排|排版|整理|编辑)[。.]?$"
)
# Author accounts on self-media platforms (``原创： 某某 公众号``).
_ACCOUNT = re.compile(r"^原创\s*[:：]")
# A line that carries a date (and time) with names or outlets, no sentence: the date line under a
# title (``2019年11月25日 18:57 参考消息``, ``最后更新: 2019-09-07 15:14:21``, ``发布时间：10-08 12:00``).
# The date stands apart from the rest (a space, the line's start or end, or a time after it), so
# that a headline that opens with a date (``2026年11月20日全市经济工作会议召开``) is not one.
_HAS_DATE = re.compile(
    r"(?:^|(?<=\s))\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?(?=\s|$)|"
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?\s*\d{1,2}[:：]\d{2}|"
    r"(?<![\d.])\d{1,2}-\d{1,2}\s+\d{1,2}[:：]\d{2}|"
    r"(?:发布时间|发表时间|更新时间|最后更新|发表于|发布于)\s*[:：]?\s*\d"
)
DATE_LINE_MAX = 60
# When something happens, a notice's content, not its publication date: ``活动时间：3月16日9:00``,
# ``报名日期：…``, named by what happens (``信息发布时间：…``, ``发稿时间：…`` are the page's meta).
_EVENT_TIME = re.compile(
    r"^(?:活动|报名|会议|考试|笔试|面试|申报|截止|开放|办理|受理|培训|比赛|展览|演出|开幕|举办|营业|咨询|"
    r"答疑|开课|入学|缴费|领取|兑换|投票|征集|评审|公示|接种|采样|开馆|闭馆)[\u3400-\u9fff]{0,4}(?:时间|日期)\s*[:：]"
)
# Visit and comment counters (``浏览次数：1024``, ``阅读数(15878）``).
_COUNTER = re.compile(r"(?:浏览|阅读|点击|访问|访问量|人气)(?:次数|量|数)?\s*[:：(（]?\s*\d+")
# A line that is a wire's dateline over the wire's own title (``新华社北京5月9日电 题：积极因素不断增多``)
# is its header, a dateline alone on its line a byline (``新华社北京5月9日电``, ``本报讯``; a column's
# name such as ``财经快讯`` is no dateline); a dateline that opens a paragraph stays in it (where and
# when; the blind expectations keep it there, eight of eight).
WIRE_TITLE_MAX = 60  # characters: a dateline and the wire's title, no paragraph

_TRAILING_EDITOR = re.compile(
    r"\s*[（(](?:责任编辑|编辑|责编|记者|通讯员|来源|作者)[:：]?\s*[^（）()]{1,30}[）)]$"
)
# A call to read or follow something more, after the paragraph's last sentence (``…的命运。点击阅读@某某``):
# the page's furniture, cut off the paragraph it was pasted onto.
TRAILING_PROMO = re.compile(
    r"(?<=[。！？!?”])\s*(?:点击(?:阅读|查看|进入|关注)|扫码(?:关注|下载|阅读)|长按(?:识别|二维码))[^。！？!?]{0,30}$"
)


def _ends_in_promo(t: str) -> bool:
    """A paragraph with a call to read more pasted after its last sentence: text, the call cut off it."""
    tail = TRAILING_PROMO.search(t)
    return tail is not None and _size(t[: tail.start()]) >= PROMO_AFTER_TEXT


PROMO_AFTER_TEXT = 12  # characters of sentences before a call to read more that make a paragraph
_CLOSING = re.compile(
    r"^(?:特此(?:通知|公告|通告|函告|函复|函达|批复|报告|说明|证明)|此复|此函|以上报告，?请审阅|妥否，?请批示)[。.！!]?$"
)
_ADDRESSEE = re.compile(
    # the organisations a document is sent to (各区县人民政府，市政府各部门：): names, no figures, no
    # 是/入选/包括/以下, no time words or 走访/获悉 (a lead paragraph that ends announcing a list,
    # ``…共有3个项目入选，输出医院：``, ``近日，记者走访了本市多家医院：``, is text)
    r"^(?![^：:]*(?:[0-9０-９]|是|入选|以下|如下|下列|哪些|包括|近日|日前|今年|以来|走访|获悉|先后))"
    r"(?!问[：:])[^。！？!?]{2,120}(?:人民政府|政府|部门|单位|机构|委员会|各局|企业|学校|同志们?|党委|党组|教育局|教育厅|教委|高校|院校|医院|部委)(?:（[^（）]{1,8}）)?[：:]$|"
    # The salutation that opens a speech or a work report read to a congress (各位代表：, 同志们：).
    rf"^(?:各位|尊敬的)?[{_HAN}、，,]{{0,16}}(?:代表|委员|同志们|朋友们|来宾们?|女士们、?先生们|同学们)\s*[：:]$|"
    # the salutation that opens a speech or a statement read to the press (``女士们、先生们：``)
    r"^(?:[^。！？!?]{0,60}[、，,\s])?(?:女士们|先生们|朋友们|来宾们|嘉宾们|代表们|同学们|老师们|同志们|各位[\u4e00-\u9fff]{1,4})[：:]$"
)
# The same words mid-speech, closed by ！ (各位代表！, 同志们！), address the audience: body text,
# never a head, however short.
_VOCATIVE = re.compile(
    rf"^(?:各位|尊敬的)?[{_HAN}、，,]{{0,16}}(?:代表|委员|同志们|朋友们|来宾们?|女士们、?先生们|同学们)\s*[！!]"
)
# 发文机关标志 (GB/T 9704-2012 §7.2.3): the issuer's name with 文件 printed above the document
# number (白石市人民政府文件): the letterhead, not the title.
ISSUER_MARK = re.compile(rf"^[{_HAN}（）()、\s]{{2,40}}文件$")
# 版记 (GB/T 9704-2012 §10.2): the issuing office and date printed at the foot (…办公室 2025年1月6日印发).
_PRINTED = re.compile(rf"^[{_HAN}（）()]{{2,40}}\s*\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*印发$")
# An attachment (GB/T 9704-2012 §8): its label 附件 / 附件1 alone on the line above its title, or
# label and title on one line (附件2 名词解释). ``附件：`` with a colon is the list of attachments.
APPENDIX_LABEL = re.compile(r"^附件\s*[0-9０-９一二三四五六七八九十]{0,3}$")
APPENDIX_HEAD = re.compile(rf"^附件\s*[0-9０-９]{{1,2}}\s+[{_HAN}“”《》（）()0-9A-Za-z]{{2,40}}$")
# An entry of a definition list (名词解释, 术语): after its number, a term and its definition after
# a colon (1.六大优势产业：…, 2.“两重”：是指…). ``DEFINING`` is an entry that shows it defines: a
# quoted term, or a definition opening with 是指/指/即/又称 …
DEFINITION = re.compile(r"^[^，,。；;！？!?：:]{1,24}[：:]")
DEFINING = re.compile(
    r"^[“「『\"][^”」』\"]{1,22}[”」』\"][：:]|"
    r"^[^，,。；;！？!?：:]{1,24}[：:]\s*(?:是指|指的是|系指|意指|特指|泛指|指|即|也称|又称|简称|全称|俗称)"
)
# The heading over a glossary, possibly on the line of an attachment's label (附件2 名词解释).
GLOSSARY = re.compile(
    r"^(?:附件\s*[0-9０-９]{0,2}\s*)?(?:名词(?:术语)?(?:解释|注释|说明)|术语(?:解释|说明|表)?|词语解释|注释|释义)\s*[:：]?$"
)
_CAPTION_START = re.compile(r"^(?:图为|图片为|▲|△|上图|下图|左图|右图|图[一二三四五六七八九十\d]+[：:、])")

# A part's head: 第一章, 第 二 章 (letter-spaced), 第一节, 第一编, 第一部分; group 1 is its unit.
CHAPTER = re.compile(
    r"^第\s?[一二三四五六七八九十百零〇\d]{1,4}\s?(章|节|编|篇|部分|部)(?=$|\s|[：:、]|[\u4e00-\u9fff])\s*"
)

# Enumerated / bracketed head styles, each matched at the start of a block.
_HEAD_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chapter", CHAPTER),
    # 第一，…  第二，… : ordinal points, a head when short (no further comma) and standing alone.
    ("ordinal", re.compile(r"^第[一二三四五六七八九十]{1,3}\s*[，,、]\s*")),
    ("cn-enum", re.compile(r"^[一二三四五六七八九十]{1,3}\s*[、.．]\s*")),
    ("cn-paren", re.compile(r"^[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]\s*")),
    ("num", re.compile(r"^\d{1,2}\s*[.．、](?!\d)\s*")),
    ("num-paren", re.compile(r"^[（(]\s*\d{1,2}\s*[）)]\s*")),
    ("circled", re.compile(r"^[①-⑳]\s*")),
    ("bracket", re.compile(r"^【[^】]{1,24}】\s*")),
)

MAX_HEAD = 32  # longest headline (characters without spaces) taken from a plain line
MAX_SENTENCE_HEAD = 24
_EDITOR_NOTE_LABEL = re.compile(r"^【(?:编者按|编前语|编者的话|编后语|编者|按语|导读|提要|摘要)】")
MAX_BRACKET_TITLE = 48  # a 【tag】 followed by a headline this short is one headline
META_MAX = 60  # a "记者：…" or "来源：…" line longer than this is body text (an interview, say)


def _size(text: str) -> int:
    return len(text.replace(" ", ""))


# --------------------------------------------------------------------------- classification


def _credit_kind(text: str) -> str:
    for kind, pattern in _CREDIT_KIND:
        if pattern.match(text):
            return kind
    return "byline"


def _furniture_kind(t: str) -> str | None:
    size = _size(t)
    if size <= FURNITURE_MAX:
        kind = next((kind for kind, pattern in _FURNITURE_KINDS if pattern.search(t)), None)
        if kind:
            return kind
    if size <= FOOTER_MAX and _FOOTER.search(t):
        return "footer"
    if size <= 100 and _PROMO.search(t) and not _ends_in_promo(t):
        return "furniture"
    if not re.search(rf"[{_HAN}A-Za-z0-9]", t):
        return "furniture"  # decoration: rows of emoji (lost as U+FFFD), dividers, ★★★
    return None


def _bracketed_kind(t: str) -> str | None:
    bracketed = _BRACKETED.match(t)
    if bracketed:
        inner = bracketed.group(1).strip()
        if re.fullmatch(r"[\d一二三四五六七八九十]{1,3}", inner):
            return None
        if re.search(r"编辑|责编|校对|审核", inner):
            return "editor"
        if re.search(r"来源|供稿|稿源", inner):
            return "source"
        if _DATE.match(inner):
            return "date"
        if _ADOPTION_NOTE.match(inner):
            return "meta"
        if "摄" in inner:
            return "caption"
        if _NAMES_ONLY.match(inner) or re.search(_BYLINE_ROLE, inner):
            return "byline"
        return "note" if _size(inner) <= 30 else None
    square = _SQUARE_BRACKETED.match(t)
    if square:
        inner = square.group(1)
        if _CREDIT_LINE.match(inner):
            return _credit_kind(inner)
        if _META_LINE.match(inner) and not any(c in inner for c in SENTENCE_END):
            return _meta_kind(inner)
    return None


def _meta_kind(t: str) -> str:
    for kind, pattern in _META_KIND:
        if re.match(pattern, t):
            return kind
    return "meta"


def _line_kind(t: str) -> str | None:
    """Credit, meta, note and date lines (see the patterns above)."""
    short = _size(t) <= META_MAX
    # no sentence before the end, and no question at it (记者：当初为什么选择回乡创业？ is the
    # interviewer's question, not a byline)
    no_sentence = not any(c in t[:-1] for c in SENTENCE_END) and t[-1:] not in ("？", "?")
    if _STANDALONE_BYLINE.match(t) or _SPEAKER.match(t):
        return "byline"
    if short and no_sentence and _CREDIT_LINE.match(t):
        return _credit_kind(t)
    if _META_LINE.match(t) and short and no_sentence:
        return _meta_kind(t)
    if _SOURCE_LINE.match(t) and _size(t) <= 2 * META_MAX and not any(c in t for c in "，," + HARD_PUNCT):
        return "source"  # a long list of sources, names apart by 、 (文章综合自：学习强国、川观新闻、…)
    if _GOV_META.match(t) and _size(t) <= 2 * META_MAX:
        return "meta"
    if _SOURCE_NOTE.match(t) and _size(t) <= 2 * META_MAX:
        return "note"
    if _ACCOUNT.match(t) and short:
        return "byline"
    if _REPOST_SOURCE.match(t):
        return "source"
    if _REPOST_EDITOR.match(t):
        return "editor"
    if _PHOTO_CREDIT.search(t) and _size(t) <= 100:
        return "caption"
    if _DATE.match(t):
        return "date"
    if _DATE_META.match(t) and short:
        return "meta"
    if (
        _size(t) <= DATE_LINE_MAX
        and _HAS_DATE.search(t)
        and not re.search(r"[。！？，；,;]", t)
        and not _EVENT_TIME.match(t)
    ):
        return "date"
    if _COUNTER.search(t) and _size(t) <= 30 and no_sentence:
        return "meta"
    if _OUTLET.match(t):
        return "source"
    if _AUTHOR_OUTLET.match(t) or _BAR.match(t):
        return "byline" if _AUTHOR_OUTLET.match(t) else "furniture"
    return None


# A numbered note at the end of a text, citing its source: ``[1] 《…》，人民日报2021年7月2日。``,
# ``［12］ 王某：《…》，第35页``. The number in square brackets opens the line and a citation follows
# (a title in 《》, a link, a page, a publisher); a numbered fact of the text (``[1] 2024年前三季度…``)
# has none of these.
_ENDNOTE = re.compile(r"^[\[［]\s*\d{1,3}\s*[\]］]\s*(?=.*(?:《|https?://|www\.|第\s*\d+\s*页|出版社))")
ENDNOTE_MAX = 300


@functools.lru_cache(maxsize=8192)
def removal_kind(text: str) -> str | None:
    """The kind of non-body line ``text`` is (``byline``, ``caption``, ``editor``, ``date`` …), or None."""
    t = text.strip()
    if not t:
        return None
    kind = _furniture_kind(t)
    if kind:
        return kind
    if _ENDNOTE.match(t) and _size(t) <= ENDNOTE_MAX:
        return "footnote"
    if _CREDIT.match(t) or (
        t.endswith("摄") and _size(t) <= 40 and re.search(r"[\s/／]摄$|记者.{1,12}摄$", t)
    ):
        return "caption"
    if _SOURCE_NOTE.match(t) and _size(t) <= 2 * META_MAX:
        return "note"
    if t[0] in "（(【[" and t[-1] in "）)】]":
        kind = _bracketed_kind(t)
        if kind or _BRACKETED.match(t):
            return kind
    kind = _line_kind(t)
    if kind:
        return kind
    if _CLOSING.match(t):
        return "closing"
    dateline = DATELINE.match(t)
    if dateline and dateline.end() == len(t) and not t.endswith("快讯"):
        return "byline"  # a dateline on its own line (新华社北京5月9日电, 本报讯（记者 X）); not 财经快讯
    if dateline and t[dateline.end() :].startswith(("题：", "题:")) and _size(t) <= WIRE_TITLE_MAX:
        return "header"
    if _PRINTED.match(t):
        return "distribution"
    if _DOC_NUMBER.match(t):
        return "doc-number"
    return None


# The characters an enumerated or bracketed head can open with (a quick test before the patterns).
_ENUM_FIRST = frozenset("第（(【一二三四五六七八九十" + "".join(map(chr, range(0x2460, 0x2474))))


# A subject of the government revenue and expenditure classification: 类 > 款 > 项.
BUDGET_SUBJECT = re.compile(r"[（(]类[）)].{0,40}?[（(]款[）)]")


# A clause with a comma that counts or lists what follows its colon (``机关设9个内设机构，包括：``): a
# sentence leading into a list, not a head of two parallel phrases (``聚焦项目建设，稳住经济大盘：``).
_LEADS_INTO_LIST = re.compile(r"，.*(?:包括|如下|以下|下列)[^，]{0,6}[：:]$")

# An item of a list of documents (立项依据, 政策依据): a title in 《》, its number, and a full stop.
CITED = re.compile(r"^\s*《[^《》]{2,60}》\s*(?:[（(][^（）()]{1,30}[）)])?\s*[。；;]$")


def _may_enumerate(text: str) -> bool:
    return bool(text) and (text[0] in _ENUM_FIRST or text[0].isdecimal())


def enumerated_style(text: str) -> str | None:
    """The enumeration or bracket style ``text`` opens with, if any."""
    if not _may_enumerate(text):
        return None
    return next((style for style, pattern in _HEAD_PATTERNS if pattern.match(text)), None)


def head_match(text: str, max_head: int = MAX_HEAD) -> tuple[str, str, str, str] | None:
    """Split an enumerated or bracketed head off ``text``.

    Returns ``(style, headline, sep, rest)``: the whole block is the headline when it is short;
    a head that opens a paragraph is split after its first 。：！？ (the mark stays with the
    headline, so nothing is lost) or, where punctuation was lost, at its first space, when what
    precedes is short. A long enumerated paragraph with no short head is a list item, not a
    headline (None), and so is one whose first clause closes with ； (a list of duties:
    ``10、提供…咨询服务；提供…``). A bracketed source or column tag followed by a short headline
    (``【证券时报网】A股三大股指集体回调``, the convention of news digests) is one headline.
    An item naming a budget subject (``1、一般公共服务支出（类）…（款）…（项）。``, the national
    classification of revenue and expenditure) with its explanation run on after it is one entry
    of a budget's explanations, not a head (alone on its line, over its paragraph, it heads it).
    ``max_head`` is the longest head accepted (characters without spaces).
    """
    if not _may_enumerate(text):
        return None
    found = _head_match(text, max_head)
    if found is not None and found[3] and BUDGET_SUBJECT.search(found[1]):
        return None
    return found


def _head_match(text: str, max_head: int) -> tuple[str, str, str, str] | None:
    for style, pattern in _HEAD_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        body = text[m.end() :]
        if style == "bracket":
            if _EDITOR_NOTE_LABEL.match(text):
                return None  # 【编者按】…: the editor's note is body text, not a section
            if (
                body
                and _size(body) <= MAX_BRACKET_TITLE
                and not any(c in body for c in "。；;，,")
                and body[-1] not in "、：:"
            ):
                return style, text, "", ""
            return style, text[: m.end()].rstrip(), text[len(text[: m.end()].rstrip()) : m.end()], body
        space = re.search(r"\s+", body)
        if (
            space
            and _size(body[: space.start()]) <= 20
            and _size(body[space.end() :]) >= max(12, 2 * _size(body[: space.start()]))
            and not any(c in body[: space.start()] for c in HARD_PUNCT)
        ):
            end = m.end() + space.start()
            return style, text[:end], text[end : m.end() + space.end()], text[m.end() + space.end() :]
        if not body or (_size(text) <= max_head and not any(c in body[:-1] for c in HARD_PUNCT)):
            if body and (body[-1] in "；;" or (body[-1] == "。" and "，" in body)):
                return None  # a list item: （一）按照合同约定，接受服务；
            if _LEADS_INTO_LIST.search(body):
                return None  # a sentence leading into a list: 1.商务委本部，机关设9个内设机构，包括：
            if style == "ordinal" and ("，" in body or not body):
                return None
            return style, text, "", ""
        cut = re.search(r"[。：:；;！？!?]", body)
        if cut and _size(text[: m.end() + cut.start()]) <= max_head and body[cut.end() :].strip():
            if style == "ordinal" and "，" in body[: cut.start()]:
                return None
            if cut.group() in "；;":
                return None  # a list item's first clause: 6、组织协调…体系建设，负责…结构调整；协调…
            if _LEADS_INTO_LIST.search(body[: cut.end()]):
                return None  # a sentence leading into what follows (1.本部，设9个内设机构，包括：…)
            end = m.end() + cut.end()
            rest = text[end:]
            sep = rest[: len(rest) - len(rest.lstrip())]
            return style, text[:end], sep, rest.lstrip()
        return None
    return None


def _is_short_line(text: str) -> bool:
    """A short line without sentence punctuation: a head, or a line of verse layout (a sentence
    broken into lines for phone screens)."""
    size = _size(text)
    return (
        2 <= size <= MAX_HEAD
        and not any(c in text for c in HARD_PUNCT + "：:")
        and text[-1] not in "，,、"
        and re.search(f"[{_HAN}]", text) is not None
    )


_ASCII_BRACKETED = re.compile(r"^\s*\[[^\[\]]+\]\s*$")


# A line that is only a connective (``因为``, ``简单说就是``, ``也就是说：``): it leads into the sentence
# below, as a break for phone screens; a head names a subject and never is one.
CONNECTIVE = re.compile(
    r"^(?:因为|所以|但是|可是|而且|并且|于是|然而|不过|其实|比如|例如|另外|此外|总之|总而言之|也就是说|换句话说|"
    r"换言之|简单(?:来)?说|简而言之|那么|然后|接着)(?:就是|是|呢|啊|的话)?[，,：:…]*$"
)


def _is_plain_candidate(text: str) -> bool:
    """A short line that may be a head: not a label in square brackets (``[希腊神话]``,
    ``[该故事由本文作者翻译]``), which names the source of the text next to it, nor a connective
    (:data:`CONNECTIVE`). (Rules on a comma past 18 or 24 characters and on a closing ``~`` were
    tried: real two-clause heads run to 27 characters in work reports and blogs end heads in
    ``~``; they were dropped.)"""
    return _is_short_line(text) and not _ASCII_BRACKETED.match(text) and not CONNECTIVE.match(text.strip())


# A sentence that opens by pointing back at the text before it (``这也能看出…``, ``因此…``,
# ``此外…``) continues that text: a headline stands on its own and never opens so.
_ANAPHORIC_START = re.compile(
    r"^(?:这|那|此|其|该|但|而|却|也|又|还|所以|因此|因而|于是|然而|可见|同时|另外|此外|总之|对此|为此|如此)"
)


# A call to the reader (点击, 了解一下, 关注, 扫码, 转发, 赶紧…吧！): a line of the page's voice, not a head.
CALL_TO_ACTION = re.compile(
    r"点击(?:这里|此处|下方|查看|进入|链接|阅读)|戳(?:这里|此处|下方)|了解一下|关注(?:我们|公众号|本号|一下)|扫码|"
    r"扫描二维码|长按(?:识别|二维码|图片)|转发(?:给|到)|分享给|(?:赶紧|赶快|快来).*吧[！!]$|(?:赶紧|赶快)"
)


def _is_sentence_candidate(text: str) -> bool:
    return (
        4 <= _size(text) <= MAX_SENTENCE_HEAD
        and not _VOCATIVE.match(text)
        and text[-1] in "。！!"
        and not CALL_TO_ACTION.search(text)  # 快点击这里了解一下！ calls out to the reader; it heads nothing
        and not any(c in text[:-1] for c in HARD_PUNCT + "：:")
        and "，" not in text
        and not _ANAPHORIC_START.match(text)
    )


# Site chrome copied along with an article, above its title: the site's name (``某某市人民政府网``,
# ``某某融媒体中心``), a mobile-site link, or a slogan of parallel phrases (``不忘初心 牢记使命``).
_SITE_NAME = re.compile(
    rf"^[{_HAN}A-Za-z0-9·]{{2,24}}(?:政府网|门户网站|官方网站|官网|新闻网|融媒体中心|网站|客户端|手机网站|手机版|移动版)$"
)
_SLOGAN = re.compile(rf"^([{_HAN}]{{2,8}})(?:[\s、·，,]+[{_HAN}]{{2,8}}){{1,3}}$")


def is_chrome(text: str) -> bool:
    """A line of site chrome (see the patterns above) that a plain text's title never is."""
    t = text.strip()
    if _SITE_NAME.match(t):
        return True
    if _SLOGAN.match(t):
        phrases = re.split(r"[\s、·，,]+", t)
        return len({len(p) for p in phrases}) == 1
    return removal_kind(t) == "furniture"


def enumerator_end(text: str) -> int:
    """Where the enumerator (``一、``, ``（一）``, ``1.`` …) that ``text`` opens with ends; 0 when none."""
    if not _may_enumerate(text):
        return 0
    for _style, pattern in _HEAD_PATTERNS:
        m = pattern.match(text)
        if m:
            return m.end()
    return 0


_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}

# A statute's article (条): ``第一条``, ``第三十五条``, ``第一百零二条``, ``第12条``, then a space, a
# colon or nothing (``第一条地铁线路``, ``第一条规定了…`` are prose, not articles).
_STATUTE_ARTICLE = re.compile(r"^第([一二三四五六七八九十百零〇]{1,7}|[0-9０-９]{1,3})条(?=$|\s|[：:【])")


def statute_article(text: str) -> int | None:
    """The number of the statute article (``第N条``) that ``text`` opens with, if any (Chinese
    numerals up to 九百九十九, ASCII or full-width digits; a malformed numeral is none)."""
    m = _STATUTE_ARTICLE.match(text)
    if not m:
        return None
    num = m.group(1)
    if num.isdigit():
        return int(num)  # int() reads full-width digits too
    hundreds, has_hundreds, rest = num.rpartition("百")[0], "百" in num, num.rpartition("百")[2]
    value = 0
    if has_hundreds:
        if len(hundreds) > 1 or (hundreds and hundreds not in _CN_DIGITS):
            return None
        value = (_CN_DIGITS[hundreds] if hundreds else 1) * 100
    rest = rest.lstrip("零〇") if has_hundreds else rest
    if "百" in rest or rest.count("十") > 1:
        return None
    if rest:
        tens, ten, units = rest.partition("十")
        if ten:
            if (
                len(tens) > 1
                or len(units) > 1
                or (tens and tens not in _CN_DIGITS)
                or (units and units not in _CN_DIGITS)
            ):
                return None
            value += (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
        elif len(rest) == 1 and rest in _CN_DIGITS:
            value += _CN_DIGITS[rest]
        else:
            return None
    return value or None


def enum_number(text: str) -> int | None:
    """The number an enumerated line opens with (``（十一）`` → 11, ``3.`` → 3, ``⑤`` → 5)."""
    m = re.match(r"^(?:第|[（(]\s*)?([一二三四五六七八九十]{1,3}|\d{1,2}|[①-⑳])", text)
    if not m:
        return None
    num = m.group(1)
    if num.isdigit() and num.isascii():
        return int(num)
    if "①" <= num <= "⑳":
        return ord(num) - ord("①") + 1
    tens, _, units = num.partition("十")
    if "十" not in num:
        return _CN_DIGITS[num] if len(num) == 1 else None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def is_speaker(text: str) -> bool:
    """The speaker's line of a speech (a post and a name, see :data:`_SPEAKER`)."""
    return _SPEAKER.match(text.strip()) is not None

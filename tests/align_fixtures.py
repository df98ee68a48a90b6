"""A small hand-written briefing in Chinese and English, sentence by sentence, for the aligner tests.

ZH[k] translates EN[k] one to one; the tests derive merges, splits, omissions and insertions from it.
"""

ZH = [
    "国务院总理李克强将于11月30日在北京出席上海合作组织成员国政府首脑理事会第十九次会议。",
    "此次会议由印度主办，将以视频方式举行。",
    "经中俄双方商定，两国总理将于12月2日举行第二十五次定期会晤。",
    "问：据报道，澳大利亚总理莫里森昨天就中澳关系发表讲话。",
    "中方对此有何回应？",
    "答：我们注意到有关报道。",
    "中澳关系出现困难的症结在于澳方一再采取损害中国利益的错误言行。",
    "我们敦促澳方正视问题症结，多做有利于增进双方互信的事。",
    "问：美国国务院宣布将对四家中国企业实施制裁。",
    "你对此有何评论？",
    "答：中方坚决反对美方滥用国家力量打压中国企业。",
    "我们将采取必要措施，坚决维护中国企业的正当权益。",
    "今年是中国与东盟建立对话关系二十九周年。",
    "双方贸易额在前十个月增长了百分之五。",
    "东盟已经成为中国最大的贸易伙伴。",
    "我们愿同各方一道，推动疫情后的经济复苏。",
]

EN = [
    "Premier Li Keqiang will attend the 19th meeting of the Council of Heads of Government of SCO member states in Beijing on November 30.",
    "The meeting is hosted by India and will be held via video link.",
    "As agreed by China and Russia, the two premiers will hold their 25th regular meeting on December 2.",
    "Q: It is reported that Australian Prime Minister Morrison spoke about China-Australia relations yesterday.",
    "What is China's response?",
    "A: We have noted the relevant reports.",
    "The crux of the difficulties in China-Australia relations lies in the wrong words and deeds of the Australian side that harm China's interests.",
    "We urge the Australian side to face up to the crux of the problem and do more to enhance mutual trust.",
    "Q: The US State Department announced sanctions on four Chinese companies.",
    "What is your comment?",
    "A: China firmly opposes the US abusing state power to suppress Chinese companies.",
    "We will take necessary measures to firmly safeguard the legitimate rights and interests of Chinese companies.",
    "This year marks the 29th anniversary of the dialogue relations between China and ASEAN.",
    "Bilateral trade grew by five percent in the first ten months.",
    "ASEAN has become China's largest trading partner.",
    "We are ready to work with all parties to promote economic recovery after the pandemic.",
]

EN_MERGED_4_5 = "Q: It is reported that Australian Prime Minister Morrison spoke about China-Australia relations yesterday, what is China's response?"
"""EN[3] and EN[4] as one sentence: a 2–1 bead [3,4]:[3]."""

EN_SPLIT_6 = [
    "The crux of the difficulties in China-Australia relations lies in the Australian side.",
    "Its wrong words and deeds have harmed China's interests again and again.",
]
"""EN[6] as two sentences: a 1–2 bead."""

EN_INSERTED = "The following transcript has been edited for length and clarity, and a full video recording is available online."
"""A sentence with no counterpart in the Chinese text: a 0–1 bead."""

"""Real briefing sentences (seeds/000_88714ca1d098794c.txt) with hand-written English translations.

The Chinese is verbatim from the seed; the English is a correct translation written for these tests,
in the style of the Foreign Ministry's own English transcripts. Tests derive broken variants from it.
"""

from __future__ import annotations

from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_88714ca1d098794c.txt"

PAIRS: list[tuple[str, str]] = [
    (
        "原标题：2020年11月26日外交部发言人赵立坚主持例行记者会",
        "Original title: Foreign Ministry Spokesperson Zhao Lijian's Regular Press Conference on November 26, 2020",
    ),
    (
        "一、国务院总理李克强将于11月30日在北京应邀出席上海合作组织成员国政府首脑（总理）理事会第十九次会议。",
        "1. At the invitation, Premier of the State Council Li Keqiang will attend the 19th Meeting of the Council "
        "of Heads of Government (Prime Ministers) of Member States of the Shanghai Cooperation Organization in "
        "Beijing on November 30.",
    ),
    ("此次会议由印度主办，将以视频方式举行。", "The meeting, hosted by India, will be held via video link."),
    (
        "二、经中俄双方商定，国务院总理李克强将于12月2日同俄罗斯联邦政府总理米舒斯京以视频形式举行中俄总理第二十五次定期会晤。",
        "2. As agreed by China and Russia, Premier of the State Council Li Keqiang will hold the 25th Regular "
        "Meeting between Chinese and Russian Heads of Government with Prime Minister of the Russian Federation "
        "Mikhail Mishustin via video link on December 2.",
    ),
    (
        "三、中共中央政治局委员、中央外事工作委员会办公室主任杨洁篪将出席11月27日举行的第十七届中国—东盟博览会和中国—东盟商务与投资峰会开幕式等活动。",
        "3. Yang Jiechi, Member of the Political Bureau of the CPC Central Committee and Director of the Office "
        "of the Central Foreign Affairs Commission, will attend the opening ceremony of the 17th China-ASEAN Expo "
        "and China-ASEAN Business and Investment Summit and other events on November 27.",
    ),
    ("东盟是中国周边外交的优先方向。", "ASEAN is a priority in China's neighborhood diplomacy."),
    (
        "今年是中国—东盟自贸区全面建成十周年。",
        "This year marks the 10th anniversary of the full establishment of the China-ASEAN Free Trade Area.",
    ),
    (
        "十年来，中国—东盟贸易额实现翻倍，从2010年的2928亿美元增长到2019年的6415亿美元。",
        "Over the past decade, China-ASEAN trade has doubled, from 292.8 billion US dollars in 2010 to 641.5 "
        "billion US dollars in 2019.",
    ),
    (
        "今年前三季度，双方贸易额达4818亿美元，同比增长5%，东盟首次成为中国最大贸易伙伴。",
        "In the first three quarters of this year, bilateral trade reached 481.8 billion US dollars, up 5 percent "
        "year on year, and ASEAN became China's largest trading partner for the first time.",
    ),
    (
        "两国外长会谈取得了丰富成果，可以概括为十项共识：",
        "The talks between the two foreign ministers yielded fruitful results, which can be summarized as a "
        "ten-point consensus:",
    ),
    (
        "二、成立“中韩关系未来发展委员会”，以2022年中韩建交30周年为契机，规划未来30年中韩关系发展蓝图。",
        "2. Establish a \"Committee for Future Development of China-ROK Relations\" and, taking the 30th "
        "anniversary of the establishment of diplomatic relations between China and the ROK in 2022 as an "
        "opportunity, draw up a blueprint for China-ROK relations over the next 30 years.",
    ),
    (
        "四、启动2021年和2022年“中韩文化交流年”活动安排，筹备纪念中韩建交30周年。",
        "4. Launch the program of activities for the China-ROK Years of Cultural Exchange in 2021 and 2022, and "
        "prepare for the commemoration of the 30th anniversary of China-ROK diplomatic relations.",
    ),
    (
        "六、尽早达成中韩自贸协定第二阶段协议，早日出台《中韩经贸合作联合规划》（2021-2025），为双方经贸合作创造更好条件。",
        "6. Conclude the second-phase negotiations of the China-ROK FTA as soon as possible and release the Joint "
        "Plan for China-ROK Economic and Trade Cooperation (2021-2025) at an early date, so as to create better "
        "conditions for bilateral economic and trade cooperation.",
    ),
    (
        "九、中方支持韩方举办第九次中日韩领导人会议。",
        "9. China supports the ROK in hosting the ninth China-Japan-ROK Leaders' Meeting.",
    ),
    (
        "上合组织成立19年来，始终保持健康稳定发展势头，成功探索出一条新型区域组织的合作与发展道路。",
        "Over the 19 years since its founding, the SCO has maintained sound and steady growth and successfully "
        "explored a path of cooperation and development for a new type of regional organization.",
    ),
    (
        "今年前10个月，双边贸易额达880亿美元，降幅逐步收窄，农业、能源、跨境电商等领域逆势增长，科技创新年顺利启动，中俄合作积极面持续积累。",
        "In the first 10 months of this year, bilateral trade reached 88 billion US dollars, with the decline "
        "gradually narrowing; agriculture, energy, cross-border e-commerce and other sectors grew against the "
        "trend, the Years of Scientific and Technological Innovation got off to a smooth start, and positive "
        "elements in China-Russia cooperation kept accumulating.",
    ),
    (
        "中俄总理定期会晤是统筹规划和指导推动双方务实合作和人文交流的重要平台，已连续举行24次。",
        "The regular meeting between Chinese and Russian heads of government is an important platform for "
        "planning and guiding practical cooperation and people-to-people exchanges, and it has been held 24 "
        "times in a row.",
    ),
    (
        "前不久召开的中共十九届五中全会审议通过了关于制定国民经济和社会发展第十四个五年规划和2035年远景目标的建议，中国将开启全面建设社会主义现代化国家新征程。",
        "The Fifth Plenary Session of the 19th CPC Central Committee, held not long ago, adopted the "
        "recommendations for formulating the 14th Five-Year Plan for National Economic and Social Development "
        "and the Long-Range Objectives Through the Year 2035, and China will embark on a new journey of fully "
        "building a modern socialist country.",
    ),
    (
        "2018年中非合作论坛北京峰会决定实施包括绿色发展在内的“八大行动”。",
        "The 2018 Beijing Summit of the Forum on China-Africa Cooperation decided to implement the \"eight "
        "major initiatives\", including green development.",
    ),
    (
        "路透社记者：美国伊朗事务特别代表艾布拉姆斯周三称，美国以支持伊朗导弹项目为由，将对包括中国公司在内的4个实体实施制裁。",
        "Reuters: US Special Representative for Iran Elliott Abrams said on Wednesday that the US will impose "
        "sanctions on four entities, including a Chinese company, for supporting Iran's missile program.",
    ),
    (
        "25日，习近平主席致电拜登，祝贺他当选美国总统。",
        "On the 25th, President Xi Jinping sent a message to Joe Biden, congratulating him on his election as "
        "President of the United States.",
    ),
    ("赵立坚：", "Zhao Lijian:"),
    (
        "地球是人类唯一的家园。",
        "The Earth is the only home for humanity.",
    ),
]


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")

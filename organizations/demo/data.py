"""Source material of the demo government of Uzbekistan.

The bodies are the real ministries, state committees and agencies (names as of 2025, in
Uzbek Latin, Russian, English and Korean; Uzbek Cyrillic is derived with alifbo). Every
person is fictional: names are drawn at random from common first names and family names,
and the names of prominent officials are left out of the lists on purpose.

Each entry of a translated text is a tuple ``(uz, ru, en, ko)``.
"""

from __future__ import annotations

T = tuple[str, str, str, str]

CABINET: T = (
    "Oʻzbekiston Respublikasi Vazirlar Mahkamasi",
    "Кабинет Министров Республики Узбекистан",
    "Cabinet of Ministers of the Republic of Uzbekistan",
    "우즈베키스탄 공화국 내각",
)
CABINET_SHORT: T = ("VM", "КМ", "CM", "내각")
CABINET_MANDATE: T = (
    "Respublika hukumati: vazirliklar, davlat qoʻmitalari va agentliklar faoliyatini boshqaradi.",
    "Правительство республики: руководит работой министерств, госкомитетов и агентств.",
    "The government of the Republic: directs the ministries, state committees and agencies.",
    "공화국 정부: 각 부처, 국가위원회와 청의 업무를 지휘한다.",
)

# (code, kind, name, short name, mandate, [(domain department name, duties), ...], regional network)
BODIES: list[tuple[str, str, T, T, T, list[tuple[T, T]], bool]] = [
    (
        "MEF",
        "ministry",
        (
            "Iqtisodiyot va moliya vazirligi",
            "Министерство экономики и финансов",
            "Ministry of Economy and Finance",
            "경제재무부",
        ),
        ("IMV", "МЭФ", "MEF", "경제재무부"),
        (
            "Iqtisodiy siyosat, davlat budjeti va pensiya taʼminoti.",
            "Экономическая политика, государственный бюджет и пенсионное обеспечение.",
            "Economic policy, the state budget and pensions.",
            "경제 정책, 국가 예산, 연금.",
        ),
        [
            (
                (
                    "Davlat budjeti boshqarmasi",
                    "Управление государственного бюджета",
                    "State Budget Department",
                    "국가예산국",
                ),
                (
                    "davlat budjetini tuzish va ijrosini nazorat qiladi",
                    "составляет государственный бюджет и контролирует его исполнение",
                    "prepares the state budget and monitors its execution",
                    "국가 예산 편성 및 집행 감독",
                ),
            ),
            (
                (
                    "Pensiya taʼminoti boshqarmasi",
                    "Управление пенсионного обеспечения",
                    "Pensions Department",
                    "연금국",
                ),
                (
                    "pensiyalarni tayinlash va qayta hisoblash boʻyicha murojaatlarni koʻrib chiqadi",
                    "рассматривает обращения о назначении и перерасчёте пенсий",
                    "handles pension award and pension recalculation requests",
                    "연금 지급 및 연금 재산정 신청 처리",
                ),
            ),
            (
                (
                    "Makroiqtisodiy tahlil boshqarmasi",
                    "Управление макроэкономического анализа",
                    "Macroeconomic Analysis Department",
                    "거시경제분석국",
                ),
                (
                    "iqtisodiy prognozlar va inflyatsiya tahlilini tayyorlaydi",
                    "готовит экономические прогнозы и анализ инфляции",
                    "prepares economic forecasts and inflation analysis",
                    "경제 전망 및 인플레이션 분석",
                ),
            ),
            (
                (
                    "Davlat qarzi boshqarmasi",
                    "Управление государственного долга",
                    "Public Debt Department",
                    "국가채무국",
                ),
                (
                    "davlat qarzi va tashqi qarzlarni boshqaradi",
                    "управляет государственным и внешним долгом",
                    "manages public and external debt",
                    "국가 및 대외 채무 관리",
                ),
            ),
        ],
        True,
    ),
    (
        "MFA",
        "ministry",
        (
            "Tashqi ishlar vazirligi",
            "Министерство иностранных дел",
            "Ministry of Foreign Affairs",
            "외교부",
        ),
        ("TIV", "МИД", "MFA", "외교부"),
        (
            "Tashqi siyosat, diplomatik va konsullik xizmati.",
            "Внешняя политика, дипломатическая и консульская служба.",
            "Foreign policy, diplomatic and consular service.",
            "외교 정책, 외교 및 영사 업무.",
        ),
        [
            (
                (
                    "Konsullik-huquqiy departamenti",
                    "Консульско-правовой департамент",
                    "Consular and Legal Department",
                    "영사법무국",
                ),
                (
                    "pasport, viza va xorijdagi fuqarolarning murojaatlarini koʻrib chiqadi",
                    "рассматривает вопросы паспортов, виз и обращения граждан за рубежом",
                    "handles passports, visas and requests from citizens abroad",
                    "여권, 비자, 재외국민 민원 처리",
                ),
            ),
            (
                (
                    "Osiyo mamlakatlari departamenti",
                    "Департамент стран Азии",
                    "Asia Department",
                    "아시아국",
                ),
                (
                    "Osiyo davlatlari bilan ikki tomonlama munosabatlarni rivojlantiradi",
                    "развивает двусторонние отношения со странами Азии",
                    "develops bilateral relations with Asian countries",
                    "아시아 국가와의 양자 관계 발전",
                ),
            ),
            (
                ("Protokol departamenti", "Департамент протокола", "Protocol Department", "의전국"),
                (
                    "rasmiy tashriflar va diplomatik protokolni tashkil qiladi",
                    "организует официальные визиты и дипломатический протокол",
                    "organises official visits and diplomatic protocol",
                    "공식 방문 및 외교 의전 조직",
                ),
            ),
        ],
        False,
    ),
    (
        "MOJ",
        "ministry",
        ("Adliya vazirligi", "Министерство юстиции", "Ministry of Justice", "법무부"),
        ("AV", "МЮ", "MOJ", "법무부"),
        (
            "Huquqiy siyosat, normativ hujjatlar ekspertizasi, notariat va FHDYo.",
            "Правовая политика, экспертиза нормативных актов, нотариат и ЗАГС.",
            "Legal policy, review of regulations, notaries and civil registry.",
            "법무 정책, 법령 심사, 공증, 가족관계 등록.",
        ),
        [
            (
                (
                    "FHDYo organlari faoliyatini muvofiqlashtirish boshqarmasi",
                    "Управление по координации органов ЗАГС",
                    "Civil Registry Department",
                    "가족관계등록국",
                ),
                (
                    "tugʻilish, nikoh va oʻlimni qayd etish boʻyicha murojaatlarni koʻrib chiqadi",
                    "рассматривает обращения о регистрации рождения, брака и смерти",
                    "handles birth, marriage and death registration requests",
                    "출생, 혼인, 사망 등록 신청 처리",
                ),
            ),
            (
                ("Notariat boshqarmasi", "Управление нотариата", "Notaries Department", "공증국"),
                (
                    "notariuslar faoliyatini nazorat qiladi va shikoyatlarni koʻradi",
                    "контролирует деятельность нотариусов и рассматривает жалобы",
                    "supervises notaries and handles complaints about them",
                    "공증인 감독 및 민원 처리",
                ),
            ),
            (
                (
                    "Normativ-huquqiy hujjatlar ekspertizasi boshqarmasi",
                    "Управление экспертизы нормативно-правовых актов",
                    "Legislative Review Department",
                    "법령심사국",
                ),
                (
                    "qonun loyihalarining huquqiy ekspertizasini oʻtkazadi",
                    "проводит правовую экспертизу законопроектов",
                    "carries out legal review of draft laws",
                    "법률안 법적 심사",
                ),
            ),
        ],
        True,
    ),
    (
        "MIA",
        "ministry",
        (
            "Ichki ishlar vazirligi",
            "Министерство внутренних дел",
            "Ministry of Internal Affairs",
            "내무부",
        ),
        ("IIV", "МВД", "MIA", "내무부"),
        (
            "Jamoat tartibi, yoʻl harakati xavfsizligi, migratsiya va fuqarolik.",
            "Общественный порядок, безопасность дорожного движения, миграция и гражданство.",
            "Public order, road safety, migration and citizenship.",
            "공공질서, 교통안전, 이민 및 국적.",
        ),
        [
            (
                (
                    "Migratsiya va fuqarolikni rasmiylashtirish boshqarmasi",
                    "Управление миграции и оформления гражданства",
                    "Migration and Citizenship Department",
                    "이민국적국",
                ),
                (
                    "propiska, yashash ruxsatnomasi va fuqarolik masalalarini hal qiladi",
                    "решает вопросы прописки, вида на жительство и гражданства",
                    "handles residence registration, residence permits and citizenship",
                    "거주 등록, 거주 허가, 국적 업무",
                ),
            ),
            (
                (
                    "Yoʻl harakati xavfsizligi boshqarmasi",
                    "Управление безопасности дорожного движения",
                    "Road Safety Department",
                    "교통안전국",
                ),
                (
                    "haydovchilik guvohnomasi va transport vositalarini roʻyxatga olish",
                    "выдаёт водительские удостоверения и регистрирует транспорт",
                    "issues driving licences and registers vehicles",
                    "운전면허 발급 및 차량 등록",
                ),
            ),
        ],
        True,
    ),
    (
        "MOD",
        "ministry",
        ("Mudofaa vazirligi", "Министерство обороны", "Ministry of Defence", "국방부"),
        ("MV", "МО", "MOD", "국방부"),
        (
            "Mamlakat mudofaasi va harbiy xizmat.",
            "Оборона страны и военная служба.",
            "National defence and military service.",
            "국방 및 병역.",
        ),
        [
            (
                (
                    "Harbiy xizmatga chaqiruv boshqarmasi",
                    "Управление призыва на военную службу",
                    "Conscription Department",
                    "병무국",
                ),
                (
                    "harbiy xizmatga chaqiruv va kechiktirish masalalarini koʻradi",
                    "рассматривает вопросы призыва и отсрочки",
                    "handles conscription and deferment requests",
                    "징집 및 입영 연기 신청 처리",
                ),
            )
        ],
        True,
    ),
    (
        "MES",
        "ministry",
        (
            "Favqulodda vaziyatlar vazirligi",
            "Министерство по чрезвычайным ситуациям",
            "Ministry of Emergency Situations",
            "비상사태부",
        ),
        ("FVV", "МЧС", "MES", "비상사태부"),
        (
            "Favqulodda vaziyatlarning oldini olish, yongʻin xavfsizligi va qutqaruv.",
            "Предупреждение чрезвычайных ситуаций, пожарная безопасность и спасение.",
            "Emergency prevention, fire safety and rescue.",
            "재난 예방, 화재 안전, 구조.",
        ),
        [
            (
                (
                    "Yongʻin xavfsizligi boshqarmasi",
                    "Управление пожарной безопасности",
                    "Fire Safety Department",
                    "화재안전국",
                ),
                (
                    "yongʻin xavfsizligi boʻyicha xulosalar va tekshiruvlarni amalga oshiradi",
                    "выдаёт заключения по пожарной безопасности и проводит проверки",
                    "issues fire safety certificates and carries out inspections",
                    "화재안전 확인서 발급 및 점검",
                ),
            )
        ],
        True,
    ),
    (
        "MOH",
        "ministry",
        (
            "Sogʻliqni saqlash vazirligi",
            "Министерство здравоохранения",
            "Ministry of Health",
            "보건부",
        ),
        ("SSV", "Минздрав", "MOH", "보건부"),
        (
            "Sogʻliqni saqlash tizimi, tibbiy yordam va dori vositalari.",
            "Система здравоохранения, медицинская помощь и лекарственные средства.",
            "Health system, medical care and medicines.",
            "보건 체계, 의료 서비스, 의약품.",
        ),
        [
            (
                (
                    "Birlamchi tibbiy-sanitariya yordami boshqarmasi",
                    "Управление первичной медико-санитарной помощи",
                    "Primary Health Care Department",
                    "1차의료국",
                ),
                (
                    "poliklinikalar va oilaviy shifokorlar faoliyatini tashkil qiladi",
                    "организует работу поликлиник и семейных врачей",
                    "organises polyclinics and family doctors",
                    "보건소 및 가정의 운영",
                ),
            ),
            (
                (
                    "Dori vositalari va tibbiy buyumlar boshqarmasi",
                    "Управление лекарственных средств и медицинских изделий",
                    "Medicines and Medical Devices Department",
                    "의약품의료기기국",
                ),
                (
                    "dori vositalarini roʻyxatdan oʻtkazish va litsenziyalash",
                    "регистрирует и лицензирует лекарственные средства",
                    "registers and licenses medicines",
                    "의약품 등록 및 허가",
                ),
            ),
            (
                (
                    "Onalik va bolalikni muhofaza qilish boshqarmasi",
                    "Управление охраны материнства и детства",
                    "Maternal and Child Health Department",
                    "모자보건국",
                ),
                (
                    "onalar va bolalar salomatligi, emlash dasturlari",
                    "здоровье матерей и детей, программы вакцинации",
                    "maternal and child health and vaccination programmes",
                    "모자 건강 및 예방접종 사업",
                ),
            ),
        ],
        True,
    ),
    (
        "MPSE",
        "ministry",
        (
            "Maktabgacha va maktab taʼlimi vazirligi",
            "Министерство дошкольного и школьного образования",
            "Ministry of Preschool and School Education",
            "유아·학교교육부",
        ),
        ("MMTV", "МДШО", "MPSE", "유아학교교육부"),
        (
            "Bogʻchalar va umumtaʼlim maktablari.",
            "Детские сады и общеобразовательные школы.",
            "Kindergartens and general schools.",
            "유치원 및 초중등학교.",
        ),
        [
            (
                (
                    "Maktabgacha taʼlim boshqarmasi",
                    "Управление дошкольного образования",
                    "Preschool Education Department",
                    "유아교육국",
                ),
                (
                    "bogʻchalarga navbat va joylashtirish boʻyicha murojaatlarni koʻradi",
                    "рассматривает обращения об очереди и зачислении в детские сады",
                    "handles kindergarten waiting lists and admissions",
                    "유치원 대기 및 입학 신청 처리",
                ),
            ),
            (
                (
                    "Umumiy oʻrta taʼlim boshqarmasi",
                    "Управление общего среднего образования",
                    "General Secondary Education Department",
                    "초중등교육국",
                ),
                (
                    "oʻquv dasturlari, darsliklar va maktab attestatlari",
                    "учебные программы, учебники и школьные аттестаты",
                    "curricula, textbooks and school certificates",
                    "교육과정, 교과서, 졸업증명",
                ),
            ),
        ],
        True,
    ),
    (
        "MHESI",
        "ministry",
        (
            "Oliy taʼlim, fan va innovatsiyalar vazirligi",
            "Министерство высшего образования, науки и инноваций",
            "Ministry of Higher Education, Science and Innovation",
            "고등교육과학혁신부",
        ),
        ("OTFIV", "МВОНИ", "MHESI", "고등교육과학혁신부"),
        (
            "Oliy taʼlim muassasalari, ilmiy tadqiqotlar va innovatsiyalar.",
            "Вузы, научные исследования и инновации.",
            "Universities, research and innovation.",
            "대학, 연구, 혁신.",
        ),
        [
            (
                (
                    "Diplomlarni tan olish boshqarmasi",
                    "Управление признания дипломов",
                    "Recognition of Diplomas Department",
                    "학위인정국",
                ),
                (
                    "xorijiy diplomlarni tan olish va nostrifikatsiya qilish",
                    "признание и нострификация иностранных дипломов",
                    "recognises foreign diplomas (nostrification)",
                    "외국 학위 인정",
                ),
            ),
            (
                (
                    "Ilmiy tadqiqotlar boshqarmasi",
                    "Управление научных исследований",
                    "Research Department",
                    "연구국",
                ),
                (
                    "ilmiy grantlar va loyihalar tanlovini oʻtkazadi",
                    "проводит конкурсы научных грантов и проектов",
                    "runs research grant competitions",
                    "연구 과제 공모 운영",
                ),
            ),
        ],
        False,
    ),
    (
        "MEPR",
        "ministry",
        (
            "Bandlik va kambagʻallikni qisqartirish vazirligi",
            "Министерство занятости и сокращения бедности",
            "Ministry of Employment and Poverty Reduction",
            "고용빈곤감소부",
        ),
        ("BKQV", "МЗСБ", "MEPR", "고용빈곤감소부"),
        (
            "Bandlik, mehnat munosabatlari va kambagʻallikni qisqartirish.",
            "Занятость, трудовые отношения и сокращение бедности.",
            "Employment, labour relations and poverty reduction.",
            "고용, 노동관계, 빈곤 감소.",
        ),
        [
            (
                (
                    "Ishsizlik nafaqasi boshqarmasi",
                    "Управление пособий по безработице",
                    "Unemployment Benefits Department",
                    "실업급여국",
                ),
                (
                    "ishsizlik nafaqasi tayinlash va ishga joylashtirish",
                    "назначает пособия по безработице и содействует трудоустройству",
                    "awards unemployment benefits and helps people find work",
                    "실업급여 지급 및 취업 알선",
                ),
            ),
            (
                (
                    "Mehnat munosabatlari boshqarmasi",
                    "Управление трудовых отношений",
                    "Labour Relations Department",
                    "노동관계국",
                ),
                (
                    "mehnat shartnomalari va ish haqi boʻyicha shikoyatlarni koʻradi",
                    "рассматривает жалобы по трудовым договорам и заработной плате",
                    "handles complaints about employment contracts and wages",
                    "근로계약 및 임금 민원 처리",
                ),
            ),
            (
                (
                    "Ijtimoiy himoya boshqarmasi",
                    "Управление социальной защиты",
                    "Social Protection Department",
                    "사회보호국",
                ),
                (
                    "kam taʼminlangan oilalarga ijtimoiy nafaqalar tayinlaydi",
                    "назначает социальные пособия малообеспеченным семьям",
                    "awards social benefits to low-income families",
                    "저소득 가구 사회수당 지급",
                ),
            ),
        ],
        True,
    ),
    (
        "MOA",
        "ministry",
        (
            "Qishloq xoʻjaligi vazirligi",
            "Министерство сельского хозяйства",
            "Ministry of Agriculture",
            "농업부",
        ),
        ("QXV", "Минсельхоз", "MOA", "농업부"),
        (
            "Dehqonchilik, chorvachilik va oziq-ovqat xavfsizligi.",
            "Земледелие, животноводство и продовольственная безопасность.",
            "Farming, livestock and food security.",
            "농업, 축산, 식량안보.",
        ),
        [
            (
                (
                    "Dehqonchilik boshqarmasi",
                    "Управление земледелия",
                    "Crop Farming Department",
                    "농작물국",
                ),
                (
                    "gʻalla va paxta yetishtirish, fermerlar murojaatlari",
                    "выращивание зерна и хлопка, обращения фермеров",
                    "grain and cotton growing; requests from farmers",
                    "곡물·면화 재배 및 농민 민원",
                ),
            ),
            (
                (
                    "Chorvachilik boshqarmasi",
                    "Управление животноводства",
                    "Livestock Department",
                    "축산국",
                ),
                (
                    "chorvachilik va veterinariya masalalari",
                    "вопросы животноводства и ветеринарии",
                    "livestock and veterinary matters",
                    "축산 및 수의 업무",
                ),
            ),
        ],
        True,
    ),
    (
        "MWR",
        "ministry",
        (
            "Suv xoʻjaligi vazirligi",
            "Министерство водного хозяйства",
            "Ministry of Water Resources",
            "수자원부",
        ),
        ("SXV", "Минводхоз", "MWR", "수자원부"),
        (
            "Suv resurslari va sugʻorish tizimlari.",
            "Водные ресурсы и оросительные системы.",
            "Water resources and irrigation.",
            "수자원 및 관개.",
        ),
        [
            (
                (
                    "Sugʻorish tizimlari boshqarmasi",
                    "Управление оросительных систем",
                    "Irrigation Systems Department",
                    "관개시설국",
                ),
                (
                    "sugʻorish suvi taqsimoti va kanallarni ekspluatatsiya qilish",
                    "распределение поливной воды и эксплуатация каналов",
                    "distributes irrigation water and runs canals",
                    "관개용수 배분 및 수로 운영",
                ),
            )
        ],
        True,
    ),
    (
        "MOE",
        "ministry",
        ("Energetika vazirligi", "Министерство энергетики", "Ministry of Energy", "에너지부"),
        ("EV", "Минэнерго", "MOE", "에너지부"),
        (
            "Elektr energetikasi, neft-gaz va qayta tiklanuvchi energiya.",
            "Электроэнергетика, нефть и газ, возобновляемая энергия.",
            "Electricity, oil and gas, and renewable energy.",
            "전력, 석유가스, 재생에너지.",
        ),
        [
            (
                (
                    "Qayta tiklanuvchi energiya manbalari boshqarmasi",
                    "Управление возобновляемых источников энергии",
                    "Renewable Energy Department",
                    "재생에너지국",
                ),
                (
                    "quyosh va shamol elektr stansiyalari loyihalari",
                    "проекты солнечных и ветровых электростанций",
                    "solar and wind power projects",
                    "태양광·풍력 발전 사업",
                ),
            ),
            (
                (
                    "Energiya isteʼmolchilari bilan ishlash boshqarmasi",
                    "Управление по работе с потребителями энергии",
                    "Energy Consumers Department",
                    "에너지소비자국",
                ),
                (
                    "elektr va gaz taʼminoti uzilishlari boʻyicha shikoyatlar",
                    "жалобы на перебои в электро- и газоснабжении",
                    "complaints about electricity and gas supply cuts",
                    "전기·가스 공급 중단 민원",
                ),
            ),
        ],
        True,
    ),
    (
        "MMIG",
        "ministry",
        (
            "Kon sanoati va geologiya vazirligi",
            "Министерство горнодобывающей промышленности и геологии",
            "Ministry of Mining Industry and Geology",
            "광업지질부",
        ),
        ("KSGV", "МГПГ", "MMIG", "광업지질부"),
        (
            "Foydali qazilmalar, geologiya va kon sanoati.",
            "Полезные ископаемые, геология и горная промышленность.",
            "Minerals, geology and mining.",
            "광물, 지질, 광업.",
        ),
        [
            (
                (
                    "Yer qaʼridan foydalanish boshqarmasi",
                    "Управление недропользования",
                    "Subsoil Use Department",
                    "지하자원이용국",
                ),
                (
                    "yer qaʼridan foydalanish litsenziyalarini beradi",
                    "выдаёт лицензии на пользование недрами",
                    "issues subsoil use licences",
                    "광업권 허가 발급",
                ),
            )
        ],
        False,
    ),
    (
        "MOT",
        "ministry",
        ("Transport vazirligi", "Министерство транспорта", "Ministry of Transport", "교통부"),
        ("TV", "Минтранс", "MOT", "교통부"),
        (
            "Avtomobil, temir yoʻl, havo va shahar transporti.",
            "Автомобильный, железнодорожный, воздушный и городской транспорт.",
            "Road, rail, air and urban transport.",
            "도로, 철도, 항공, 도시 교통.",
        ),
        [
            (
                (
                    "Yoʻlovchi tashish boshqarmasi",
                    "Управление пассажирских перевозок",
                    "Passenger Transport Department",
                    "여객운송국",
                ),
                (
                    "avtobus yoʻnalishlari va yoʻlovchi tashish litsenziyalari",
                    "автобусные маршруты и лицензии на пассажирские перевозки",
                    "bus routes and passenger transport licences",
                    "버스 노선 및 여객운송 면허",
                ),
            ),
            (
                (
                    "Avtomobil yoʻllari boshqarmasi",
                    "Управление автомобильных дорог",
                    "Roads Department",
                    "도로국",
                ),
                (
                    "avtomobil yoʻllarini taʼmirlash va qurish",
                    "ремонт и строительство автомобильных дорог",
                    "road repair and construction",
                    "도로 보수 및 건설",
                ),
            ),
        ],
        True,
    ),
    (
        "MCHCS",
        "ministry",
        (
            "Qurilish va uy-joy kommunal xoʻjaligi vazirligi",
            "Министерство строительства и жилищно-коммунального хозяйства",
            "Ministry of Construction and Housing and Communal Services",
            "건설주택공공서비스부",
        ),
        ("QUJKXV", "МСЖКХ", "MCHCS", "건설주택부"),
        (
            "Qurilish, uy-joy va kommunal xizmatlar.",
            "Строительство, жильё и коммунальные услуги.",
            "Construction, housing and utilities.",
            "건설, 주택, 공공서비스.",
        ),
        [
            (
                (
                    "Uy-joy siyosati boshqarmasi",
                    "Управление жилищной политики",
                    "Housing Policy Department",
                    "주택정책국",
                ),
                (
                    "arzon uy-joy dasturlari va ipoteka subsidiyalari",
                    "программы доступного жилья и ипотечные субсидии",
                    "affordable housing programmes and mortgage subsidies",
                    "서민주택 사업 및 주택담보대출 보조",
                ),
            ),
            (
                (
                    "Qurilish ruxsatnomalari boshqarmasi",
                    "Управление разрешений на строительство",
                    "Building Permits Department",
                    "건축허가국",
                ),
                (
                    "qurilishga ruxsatnoma berish va arxitektura ekspertizasi",
                    "выдаёт разрешения на строительство и проводит экспертизу",
                    "issues building permits and reviews designs",
                    "건축허가 발급 및 설계 심사",
                ),
            ),
        ],
        True,
    ),
    (
        "MDT",
        "ministry",
        (
            "Raqamli texnologiyalar vazirligi",
            "Министерство цифровых технологий",
            "Ministry of Digital Technologies",
            "디지털기술부",
        ),
        ("RTV", "МЦТ", "MDT", "디지털기술부"),
        (
            "Axborot-kommunikatsiya texnologiyalari va elektron hukumat.",
            "Информационно-коммуникационные технологии и электронное правительство.",
            "Information technology and e-government.",
            "정보통신기술 및 전자정부.",
        ),
        [
            (
                (
                    "Elektron hukumat boshqarmasi",
                    "Управление электронного правительства",
                    "E-Government Department",
                    "전자정부국",
                ),
                (
                    "my.gov.uz yagona portali va davlat axborot tizimlari",
                    "единый портал my.gov.uz и государственные информационные системы",
                    "the my.gov.uz single portal and state information systems",
                    "my.gov.uz 단일 포털 및 국가정보시스템",
                ),
            ),
            (
                (
                    "Axborot xavfsizligi boshqarmasi",
                    "Управление информационной безопасности",
                    "Information Security Department",
                    "정보보안국",
                ),
                (
                    "kiberxavfsizlik va shaxsga doir maʼlumotlarni himoya qilish",
                    "кибербезопасность и защита персональных данных",
                    "cyber security and protection of personal data",
                    "사이버보안 및 개인정보 보호",
                ),
            ),
        ],
        True,
    ),
    (
        "MIIT",
        "ministry",
        (
            "Investitsiyalar, sanoat va savdo vazirligi",
            "Министерство инвестиций, промышленности и торговли",
            "Ministry of Investment, Industry and Trade",
            "투자산업통상부",
        ),
        ("ISSV", "МИПТ", "MIIT", "투자산업통상부"),
        (
            "Investitsiyalar jalb qilish, sanoat va tashqi savdo.",
            "Привлечение инвестиций, промышленность и внешняя торговля.",
            "Investment, industry and foreign trade.",
            "투자 유치, 산업, 대외무역.",
        ),
        [
            (
                (
                    "Xorijiy investitsiyalar boshqarmasi",
                    "Управление иностранных инвестиций",
                    "Foreign Investment Department",
                    "외국인투자국",
                ),
                (
                    "xorijiy investorlarga koʻmak va investitsiya shartnomalari",
                    "содействие иностранным инвесторам и инвестиционные соглашения",
                    "supports foreign investors and investment agreements",
                    "외국인 투자자 지원 및 투자협정",
                ),
            ),
            (
                (
                    "Eksportni qoʻllab-quvvatlash boshqarmasi",
                    "Управление поддержки экспорта",
                    "Export Support Department",
                    "수출지원국",
                ),
                (
                    "eksportchilarga subsidiyalar va sertifikatlar",
                    "субсидии и сертификаты для экспортёров",
                    "subsidies and certificates for exporters",
                    "수출기업 보조금 및 인증",
                ),
            ),
        ],
        True,
    ),
    (
        "MOC",
        "ministry",
        ("Madaniyat vazirligi", "Министерство культуры", "Ministry of Culture", "문화부"),
        ("MV", "Минкультуры", "MOC", "문화부"),
        (
            "Madaniyat, sanʼat va madaniy merosni muhofaza qilish.",
            "Культура, искусство и охрана культурного наследия.",
            "Culture, the arts and cultural heritage.",
            "문화, 예술, 문화유산 보호.",
        ),
        [
            (
                (
                    "Madaniy meros boshqarmasi",
                    "Управление культурного наследия",
                    "Cultural Heritage Department",
                    "문화유산국",
                ),
                (
                    "tarixiy obidalarni muhofaza qilish va restavratsiya",
                    "охрана и реставрация исторических памятников",
                    "protects and restores historic monuments",
                    "역사 기념물 보호 및 복원",
                ),
            )
        ],
        True,
    ),
    (
        "MOS",
        "ministry",
        ("Sport vazirligi", "Министерство спорта", "Ministry of Sports", "체육부"),
        ("SV", "Минспорт", "MOS", "체육부"),
        (
            "Jismoniy tarbiya va sport.",
            "Физическая культура и спорт.",
            "Physical education and sport.",
            "체육 및 스포츠.",
        ),
        [
            (
                (
                    "Olimpiya zaxiralari boshqarmasi",
                    "Управление олимпийского резерва",
                    "Olympic Reserve Department",
                    "올림픽예비국",
                ),
                (
                    "sport maktablari va terma jamoalarni tayyorlash",
                    "спортивные школы и подготовка сборных",
                    "sports schools and national team training",
                    "체육학교 및 국가대표 훈련",
                ),
            )
        ],
        True,
    ),
    (
        "MEEPCC",
        "ministry",
        (
            "Ekologiya, atrof-muhitni muhofaza qilish va iqlim oʻzgarishi vazirligi",
            "Министерство экологии, охраны окружающей среды и изменения климата",
            "Ministry of Ecology, Environmental Protection and Climate Change",
            "생태환경보호기후변화부",
        ),
        ("EAMIV", "МЭООСИК", "MEEPCC", "생태환경부"),
        (
            "Atrof-muhit muhofazasi, chiqindilar va iqlim siyosati.",
            "Охрана окружающей среды, отходы и климатическая политика.",
            "Environmental protection, waste and climate policy.",
            "환경보호, 폐기물, 기후정책.",
        ),
        [
            (
                (
                    "Ekologik ekspertiza boshqarmasi",
                    "Управление экологической экспертизы",
                    "Environmental Assessment Department",
                    "환경영향평가국",
                ),
                (
                    "loyihalarning ekologik ekspertizasi va ruxsatnomalar",
                    "экологическая экспертиза проектов и разрешения",
                    "environmental impact assessments and permits",
                    "환경영향평가 및 허가",
                ),
            ),
            (
                (
                    "Chiqindilar bilan ishlash boshqarmasi",
                    "Управление обращения с отходами",
                    "Waste Management Department",
                    "폐기물관리국",
                ),
                (
                    "maishiy chiqindilarni olib ketish boʻyicha shikoyatlar",
                    "жалобы на вывоз бытовых отходов",
                    "complaints about household waste collection",
                    "생활폐기물 수거 민원",
                ),
            ),
        ],
        True,
    ),
    (
        "STC",
        "state_committee",
        ("Soliq qoʻmitasi", "Налоговый комитет", "Tax Committee", "조세위원회"),
        ("SQ", "НК", "STC", "조세위원회"),
        (
            "Soliqlarni maʼmurlashtirish va soliq toʻlovchilarga xizmat.",
            "Налоговое администрирование и обслуживание налогоплательщиков.",
            "Tax administration and taxpayer services.",
            "조세 행정 및 납세자 서비스.",
        ),
        [
            (
                (
                    "Jismoniy shaxslar soliqlari boshqarmasi",
                    "Управление налогов с физических лиц",
                    "Personal Taxes Department",
                    "개인세국",
                ),
                (
                    "mol-mulk soligʻi va daromad soligʻi boʻyicha murojaatlar",
                    "обращения по налогу на имущество и подоходному налогу",
                    "property tax and income tax enquiries",
                    "재산세 및 소득세 문의",
                ),
            ),
            (
                (
                    "QQS maʼmurlashtirish boshqarmasi",
                    "Управление администрирования НДС",
                    "VAT Administration Department",
                    "부가가치세국",
                ),
                (
                    "qoʻshilgan qiymat soligʻini qaytarish",
                    "возврат налога на добавленную стоимость",
                    "VAT refunds",
                    "부가가치세 환급",
                ),
            ),
        ],
        True,
    ),
    (
        "SCC",
        "state_committee",
        ("Bojxona qoʻmitasi", "Таможенный комитет", "Customs Committee", "관세위원회"),
        ("BQ", "ТК", "SCC", "관세위원회"),
        (
            "Bojxona nazorati va rasmiylashtiruvi.",
            "Таможенный контроль и оформление.",
            "Customs control and clearance.",
            "세관 통제 및 통관.",
        ),
        [
            (
                (
                    "Bojxona rasmiylashtiruvi boshqarmasi",
                    "Управление таможенного оформления",
                    "Customs Clearance Department",
                    "통관국",
                ),
                (
                    "yuklarni bojxona rasmiylashtiruvi va bojxona toʻlovlari",
                    "таможенное оформление грузов и таможенные платежи",
                    "customs clearance of goods and customs duties",
                    "화물 통관 및 관세",
                ),
            )
        ],
        True,
    ),
    (
        "SCIS",
        "state_committee",
        (
            "Sanoat, radiatsiya va yadro xavfsizligi qoʻmitasi",
            "Комитет промышленной, радиационной и ядерной безопасности",
            "Committee for Industrial, Radiation and Nuclear Safety",
            "산업방사선원자력안전위원회",
        ),
        ("SRYXQ", "КПРЯБ", "CIRNS", "안전위원회"),
        (
            "Xavfli ishlab chiqarish obyektlari ustidan nazorat.",
            "Надзор за опасными производственными объектами.",
            "Oversight of hazardous industrial facilities.",
            "위험 산업시설 감독.",
        ),
        [
            (
                (
                    "Xavfli obyektlar nazorati boshqarmasi",
                    "Управление надзора за опасными объектами",
                    "Hazardous Facilities Oversight Department",
                    "위험시설감독국",
                ),
                (
                    "lift, qozon va gaz uskunalarini tekshirish",
                    "проверка лифтов, котлов и газового оборудования",
                    "inspects lifts, boilers and gas equipment",
                    "승강기, 보일러, 가스설비 점검",
                ),
            )
        ],
        False,
    ),
    (
        "CCPCP",
        "state_committee",
        (
            "Raqobatni rivojlantirish va isteʼmolchilar huquqlarini himoya qilish qoʻmitasi",
            "Комитет по развитию конкуренции и защите прав потребителей",
            "Committee for Competition and Consumer Protection",
            "경쟁촉진소비자보호위원회",
        ),
        ("RRIHHQQ", "КРКЗПП", "CCCP", "경쟁소비자위원회"),
        (
            "Raqobat va isteʼmolchilar huquqlari.",
            "Конкуренция и права потребителей.",
            "Competition and consumer rights.",
            "경쟁 및 소비자 권리.",
        ),
        [
            (
                (
                    "Isteʼmolchilar huquqlarini himoya qilish boshqarmasi",
                    "Управление защиты прав потребителей",
                    "Consumer Protection Department",
                    "소비자보호국",
                ),
                (
                    "sifatsiz tovar va xizmatlar boʻyicha shikoyatlarni koʻradi",
                    "рассматривает жалобы на некачественные товары и услуги",
                    "handles complaints about faulty goods and services",
                    "불량 상품·서비스 민원 처리",
                ),
            )
        ],
        True,
    ),
    (
        "SA",
        "agency",
        (
            "Milliy statistika qoʻmitasi",
            "Национальный комитет по статистике",
            "National Statistics Committee",
            "국가통계위원회",
        ),
        ("Statistika", "Статкомитет", "Stat", "통계위원회"),
        (
            "Rasmiy statistika va aholini roʻyxatga olish.",
            "Официальная статистика и перепись населения.",
            "Official statistics and the census.",
            "공식 통계 및 인구조사.",
        ),
        [
            (
                (
                    "Aholini roʻyxatga olish boshqarmasi",
                    "Управление переписи населения",
                    "Census Department",
                    "인구조사국",
                ),
                (
                    "aholini roʻyxatga olish va demografik statistika",
                    "перепись населения и демографическая статистика",
                    "the population census and demographic statistics",
                    "인구조사 및 인구통계",
                ),
            )
        ],
        True,
    ),
    (
        "CADA",
        "agency",
        ("Kadastr agentligi", "Агентство по кадастру", "Cadastre Agency", "지적청"),
        ("KA", "АК", "CA", "지적청"),
        (
            "Koʻchmas mulk kadastri va huquqlarni roʻyxatdan oʻtkazish.",
            "Кадастр недвижимости и регистрация прав.",
            "Real estate cadastre and registration of rights.",
            "부동산 지적 및 권리 등기.",
        ),
        [
            (
                (
                    "Koʻchmas mulkka huquqlarni roʻyxatdan oʻtkazish boshqarmasi",
                    "Управление регистрации прав на недвижимость",
                    "Property Registration Department",
                    "부동산등기국",
                ),
                (
                    "uy-joy va yer uchastkalariga huquqlarni roʻyxatdan oʻtkazish",
                    "регистрация прав на жильё и земельные участки",
                    "registers rights to homes and land plots",
                    "주택 및 토지 권리 등기",
                ),
            )
        ],
        True,
    ),
    (
        "APS",
        "agency",
        (
            "Davlat xizmatlari agentligi",
            "Агентство государственных услуг",
            "Public Services Agency",
            "공공서비스청",
        ),
        ("DXA", "АГУ", "PSA", "공공서비스청"),
        (
            "Davlat xizmatlari markazlari orqali aholiga xizmat koʻrsatish.",
            "Обслуживание населения через центры государственных услуг.",
            "Serves citizens through public service centres.",
            "공공서비스센터를 통한 대민 서비스.",
        ),
        [
            (
                (
                    "Davlat xizmatlari markazlari boshqarmasi",
                    "Управление центров государственных услуг",
                    "Public Service Centres Department",
                    "공공서비스센터국",
                ),
                (
                    "maʼlumotnomalar berish va davlat xizmatlariga arizalarni qabul qilish",
                    "выдача справок и приём заявлений на госуслуги",
                    "issues certificates and receives applications for public services",
                    "증명서 발급 및 공공서비스 신청 접수",
                ),
            )
        ],
        True,
    ),
    (
        "AEM",
        "agency",
        (
            "Tashqi mehnat migratsiyasi agentligi",
            "Агентство по внешней трудовой миграции",
            "External Labour Migration Agency",
            "해외노동이주청",
        ),
        ("TMMA", "АВТМ", "ELMA", "해외노동이주청"),
        (
            "Xorijda ishlayotgan fuqarolarni qoʻllab-quvvatlash.",
            "Поддержка граждан, работающих за рубежом.",
            "Supports citizens working abroad.",
            "해외 근로 국민 지원.",
        ),
        [
            (
                (
                    "Xorijda ishlovchilarni himoya qilish boshqarmasi",
                    "Управление защиты работающих за рубежом",
                    "Protection of Workers Abroad Department",
                    "해외근로자보호국",
                ),
                (
                    "xorijda ishlayotgan mehnat muhojirlarining murojaatlari",
                    "обращения трудовых мигрантов за рубежом",
                    "requests from migrant workers abroad",
                    "해외 이주노동자 민원",
                ),
            )
        ],
        True,
    ),
    (
        "CSEW",
        "agency",
        (
            "Sanitariya-epidemiologik osoyishtalik va jamoat salomatligi qoʻmitasi",
            "Комитет санитарно-эпидемиологического благополучия и общественного здоровья",
            "Committee for Sanitary and Epidemiological Welfare and Public Health",
            "위생역학복지공중보건위원회",
        ),
        ("SEOJSQ", "КСЭБОЗ", "CSEW", "위생위원회"),
        (
            "Sanitariya nazorati va yuqumli kasalliklarning oldini olish.",
            "Санитарный надзор и профилактика инфекционных заболеваний.",
            "Sanitary oversight and prevention of infectious diseases.",
            "위생 감독 및 감염병 예방.",
        ),
        [
            (
                (
                    "Oziq-ovqat xavfsizligi nazorati boshqarmasi",
                    "Управление надзора за безопасностью пищевых продуктов",
                    "Food Safety Oversight Department",
                    "식품안전감독국",
                ),
                (
                    "oziq-ovqat mahsulotlari sifati va gigiyena sertifikatlari",
                    "качество пищевых продуктов и гигиенические сертификаты",
                    "food product quality and hygiene certificates",
                    "식품 품질 및 위생 인증",
                ),
            )
        ],
        True,
    ),
    (
        "IAIC",
        "inspection",
        (
            "Agrosanoat majmui ustidan nazorat inspeksiyasi",
            "Инспекция по контролю за агропромышленным комплексом",
            "Inspection for Control of the Agro-Industrial Complex",
            "농산업감독청",
        ),
        ("AMNI", "ИКАПК", "IAIC", "농산업감독청"),
        (
            "Qishloq xoʻjaligi mahsulotlari va urugʻlar sifati nazorati.",
            "Контроль качества сельхозпродукции и семян.",
            "Quality control of farm produce and seeds.",
            "농산물 및 종자 품질 관리.",
        ),
        [
            (
                (
                    "Urugʻlar sifati nazorati boshqarmasi",
                    "Управление контроля качества семян",
                    "Seed Quality Control Department",
                    "종자품질관리국",
                ),
                (
                    "urugʻlik materiallarini sertifikatlash",
                    "сертификация семенного материала",
                    "certifies seed material",
                    "종자 인증",
                ),
            )
        ],
        False,
    ),
]

# Departments every body has: (name, duties).
COMMON_DEPARTMENTS: list[tuple[T, T]] = [
    (
        ("Devonxona", "Секретариат", "Secretariat", "비서실"),
        (
            "hujjatlar aylanishi va rahbariyat qabulini tashkil qiladi",
            "организует документооборот и приём у руководства",
            "runs correspondence and appointments with the leadership",
            "문서 관리 및 지도부 면담 일정",
        ),
    ),
    (
        (
            "Jismoniy va yuridik shaxslarning murojaatlari bilan ishlash boʻlimi",
            "Отдел по работе с обращениями физических и юридических лиц",
            "Citizens' Appeals Division",
            "민원처리과",
        ),
        (
            "fuqarolar va tashkilotlarning murojaatlarini qabul qiladi va koʻrib chiqadi",
            "принимает и рассматривает обращения граждан и организаций",
            "receives and handles appeals from citizens and organisations",
            "국민과 기관의 민원 접수 및 처리",
        ),
    ),
    (
        ("Kadrlar boshqarmasi", "Управление кадров", "Human Resources Department", "인사국"),
        (
            "xodimlarni tanlash, vakansiyalar va malaka oshirish",
            "подбор персонала, вакансии и повышение квалификации",
            "recruitment, vacancies and staff training",
            "채용, 공석, 직원 교육",
        ),
    ),
    (
        (
            "Moliya va buxgalteriya hisobi boshqarmasi",
            "Управление финансов и бухгалтерского учёта",
            "Finance and Accounting Department",
            "재무회계국",
        ),
        (
            "budjet ijrosi, ish haqi va davlat xaridlari",
            "исполнение бюджета, заработная плата и госзакупки",
            "budget execution, payroll and public procurement",
            "예산 집행, 급여, 공공조달",
        ),
    ),
    (
        ("Yuridik boshqarma", "Юридическое управление", "Legal Department", "법무국"),
        (
            "huquqiy ekspertiza va sudda vakillik",
            "правовая экспертиза и представительство в суде",
            "legal review and representation in court",
            "법률 검토 및 소송 대리",
        ),
    ),
    (
        ("Axborot xizmati", "Пресс-служба", "Press Service", "공보실"),
        (
            "ommaviy axborot vositalari bilan ishlash va rasmiy saytni yuritish",
            "работа со СМИ и ведение официального сайта",
            "media relations and the official website",
            "언론 대응 및 공식 웹사이트 운영",
        ),
    ),
    (
        (
            "Xalqaro hamkorlik boshqarmasi",
            "Управление международного сотрудничества",
            "International Cooperation Department",
            "국제협력국",
        ),
        (
            "xalqaro tashkilotlar va donorlar bilan hamkorlik",
            "сотрудничество с международными организациями и донорами",
            "cooperation with international organisations and donors",
            "국제기구 및 공여국 협력",
        ),
    ),
    (
        ("Raqamlashtirish boʻlimi", "Отдел цифровизации", "Digitalisation Division", "디지털화과"),
        (
            "idoraviy axborot tizimlari va elektron xizmatlar",
            "ведомственные информационные системы и электронные услуги",
            "departmental information systems and e-services",
            "부처 정보시스템 및 전자서비스",
        ),
    ),
    (
        (
            "Ichki audit boʻlimi",
            "Отдел внутреннего аудита",
            "Internal Audit Division",
            "내부감사과",
        ),
        (
            "ichki nazorat va audit tekshiruvlari",
            "внутренний контроль и аудиторские проверки",
            "internal control and audits",
            "내부 통제 및 감사",
        ),
    ),
    (
        (
            "Korrupsiyaga qarshi kurashish boʻlimi",
            "Отдел по противодействию коррупции",
            "Anti-Corruption Compliance Division",
            "반부패준법과",
        ),
        (
            "korrupsiya haqidagi xabarlarni qabul qiladi va komplayens nazorati",
            "принимает сообщения о коррупции и ведёт комплаенс-контроль",
            "receives corruption reports and runs compliance checks",
            "부패 신고 접수 및 준법 감시",
        ),
    ),
]

# Divisions a department is split into, and sections of a division.
DIVISIONS: list[T] = [
    (
        "Rejalashtirish va tahlil boʻlimi",
        "Отдел планирования и анализа",
        "Planning and Analysis Division",
        "기획분석과",
    ),
    ("Monitoring boʻlimi", "Отдел мониторинга", "Monitoring Division", "모니터링과"),
    (
        "Uslubiy taʼminot boʻlimi",
        "Отдел методического обеспечения",
        "Methodology Division",
        "방법론과",
    ),
    (
        "Hududlar bilan ishlash boʻlimi",
        "Отдел по работе с регионами",
        "Regional Coordination Division",
        "지역협력과",
    ),
    (
        "Ijro nazorati boʻlimi",
        "Отдел контроля исполнения",
        "Compliance Monitoring Division",
        "이행점검과",
    ),
]
SECTIONS: list[T] = [
    ("Qabul sektori", "Сектор приёма", "Reception Section", "접수계"),
    ("Hisobot sektori", "Сектор отчётности", "Reporting Section", "보고계"),
    ("Maʼlumotlar bazasi sektori", "Сектор баз данных", "Data Section", "데이터계"),
    ("Tekshiruv sektori", "Сектор проверок", "Inspection Section", "점검계"),
]

# (name in Uzbek Latin, Russian, English, Korean, telephone area code, districts)
REGIONS: list[tuple[str, str, str, str, str, list[str]]] = [
    (
        "Qoraqalpogʻiston Respublikasi",
        "Республика Каракалпакстан",
        "Republic of Karakalpakstan",
        "카라칼파크스탄 공화국",
        "61",
        [
            "Amudaryo",
            "Beruniy",
            "Chimboy",
            "Ellikqalʼa",
            "Kegeyli",
            "Moʻynoq",
            "Nukus",
            "Qoraoʻzak",
            "Qoʻngʻirot",
            "Shumanay",
            "Taxtakoʻpir",
            "Toʻrtkoʻl",
            "Xoʻjayli",
        ],
    ),
    (
        "Andijon viloyati",
        "Андижанская область",
        "Andijan Region",
        "안디잔 주",
        "74",
        [
            "Andijon",
            "Asaka",
            "Baliqchi",
            "Boʻz",
            "Buloqboshi",
            "Izboskan",
            "Jalaquduq",
            "Xoʻjaobod",
            "Qoʻrgʻontepa",
            "Marhamat",
            "Oltinkoʻl",
            "Paxtaobod",
            "Shahrixon",
            "Ulugʻnor",
        ],
    ),
    (
        "Buxoro viloyati",
        "Бухарская область",
        "Bukhara Region",
        "부하라 주",
        "65",
        [
            "Buxoro",
            "Gʻijduvon",
            "Jondor",
            "Kogon",
            "Olot",
            "Peshku",
            "Qorakoʻl",
            "Qorovulbozor",
            "Romitan",
            "Shofirkon",
            "Vobkent",
        ],
    ),
    (
        "Fargʻona viloyati",
        "Ферганская область",
        "Fergana Region",
        "페르가나 주",
        "73",
        [
            "Fargʻona",
            "Beshariq",
            "Bogʻdod",
            "Buvayda",
            "Dangʻara",
            "Furqat",
            "Qoʻqon",
            "Margʻilon",
            "Oltiariq",
            "Quva",
            "Rishton",
            "Soʻx",
            "Toshloq",
            "Uchkoʻprik",
            "Yozyovon",
        ],
    ),
    (
        "Jizzax viloyati",
        "Джизакская область",
        "Jizzakh Region",
        "지자흐 주",
        "72",
        [
            "Arnasoy",
            "Baxmal",
            "Doʻstlik",
            "Forish",
            "Gʻallaorol",
            "Mirzachoʻl",
            "Paxtakor",
            "Yangiobod",
            "Zafarobod",
            "Zarbdor",
            "Zomin",
        ],
    ),
    (
        "Xorazm viloyati",
        "Хорезмская область",
        "Khorezm Region",
        "호레즘 주",
        "62",
        [
            "Bogʻot",
            "Gurlan",
            "Xonqa",
            "Hazorasp",
            "Xiva",
            "Qoʻshkoʻpir",
            "Shovot",
            "Urganch",
            "Yangiariq",
            "Yangibozor",
        ],
    ),
    (
        "Namangan viloyati",
        "Наманганская область",
        "Namangan Region",
        "나망간 주",
        "69",
        [
            "Chortoq",
            "Chust",
            "Kosonsoy",
            "Mingbuloq",
            "Namangan",
            "Norin",
            "Pop",
            "Toʻraqoʻrgʻon",
            "Uchqoʻrgʻon",
            "Uychi",
            "Yangiqoʻrgʻon",
        ],
    ),
    (
        "Navoiy viloyati",
        "Навоийская область",
        "Navoi Region",
        "나보이 주",
        "79",
        ["Karmana", "Konimex", "Qiziltepa", "Xatirchi", "Navbahor", "Nurota", "Tomdi", "Uchquduq"],
    ),
    (
        "Qashqadaryo viloyati",
        "Кашкадарьинская область",
        "Kashkadarya Region",
        "카슈카다리야 주",
        "75",
        [
            "Chiroqchi",
            "Dehqonobod",
            "Gʻuzor",
            "Qamashi",
            "Qarshi",
            "Koson",
            "Kasbi",
            "Kitob",
            "Mirishkor",
            "Muborak",
            "Nishon",
            "Shahrisabz",
            "Yakkabogʻ",
        ],
    ),
    (
        "Samarqand viloyati",
        "Самаркандская область",
        "Samarkand Region",
        "사마르칸트 주",
        "66",
        [
            "Bulungʻur",
            "Ishtixon",
            "Jomboy",
            "Kattaqoʻrgʻon",
            "Narpay",
            "Nurobod",
            "Oqdaryo",
            "Paxtachi",
            "Payariq",
            "Pastdargʻom",
            "Qoʻshrabot",
            "Samarqand",
            "Toyloq",
            "Urgut",
        ],
    ),
    (
        "Sirdaryo viloyati",
        "Сырдарьинская область",
        "Syrdarya Region",
        "시르다리야 주",
        "67",
        [
            "Boyovut",
            "Guliston",
            "Mirzaobod",
            "Oqoltin",
            "Sardoba",
            "Sayxunobod",
            "Sirdaryo",
            "Xovos",
        ],
    ),
    (
        "Surxondaryo viloyati",
        "Сурхандарьинская область",
        "Surkhandarya Region",
        "수르한다리야 주",
        "76",
        [
            "Angor",
            "Boysun",
            "Denov",
            "Jarqoʻrgʻon",
            "Qiziriq",
            "Qumqoʻrgʻon",
            "Muzrabot",
            "Oltinsoy",
            "Sariosiyo",
            "Sherobod",
            "Shoʻrchi",
            "Termiz",
            "Uzun",
        ],
    ),
    (
        "Toshkent viloyati",
        "Ташкентская область",
        "Tashkent Region",
        "타슈켄트 주",
        "70",
        [
            "Bekobod",
            "Boʻstonliq",
            "Boʻka",
            "Chinoz",
            "Qibray",
            "Ohangaron",
            "Oqqoʻrgʻon",
            "Parkent",
            "Piskent",
            "Quyi Chirchiq",
            "Oʻrta Chirchiq",
            "Yangiyoʻl",
            "Yuqori Chirchiq",
            "Zangiota",
        ],
    ),
    (
        "Toshkent shahri",
        "город Ташкент",
        "Tashkent City",
        "타슈켄트 시",
        "71",
        [
            "Bektemir",
            "Chilonzor",
            "Mirobod",
            "Mirzo Ulugʻbek",
            "Olmazor",
            "Sergeli",
            "Shayxontohur",
            "Uchtepa",
            "Yakkasaroy",
            "Yashnobod",
            "Yunusobod",
            "Yangihayot",
        ],
    ),
]

# Post titles: key -> (uz, ru, en, ko)
TITLES: dict[str, T] = {
    "minister": ("Vazir", "Министр", "Minister", "장관"),
    "first_deputy_minister": (
        "Vazirning birinchi oʻrinbosari",
        "Первый заместитель министра",
        "First Deputy Minister",
        "제1차관",
    ),
    "deputy_minister": ("Vazir oʻrinbosari", "Заместитель министра", "Deputy Minister", "차관"),
    "chair": ("Rais", "Председатель", "Chairman", "위원장"),
    "deputy_chair": ("Rais oʻrinbosari", "Заместитель председателя", "Deputy Chairman", "부위원장"),
    "director": ("Direktor", "Директор", "Director", "청장"),
    "deputy_director": ("Direktor oʻrinbosari", "Заместитель директора", "Deputy Director", "차장"),
    "prime_minister": ("Bosh vazir", "Премьер-министр", "Prime Minister", "총리"),
    "deputy_prime_minister": (
        "Bosh vazir oʻrinbosari",
        "Заместитель премьер-министра",
        "Deputy Prime Minister",
        "부총리",
    ),
    "adviser": ("Maslahatchi", "Советник", "Adviser", "자문관"),
    "head_department": (
        "Boshqarma boshligʻi",
        "Начальник управления",
        "Head of Department",
        "국장",
    ),
    "deputy_head_department": (
        "Boshqarma boshligʻi oʻrinbosari",
        "Заместитель начальника управления",
        "Deputy Head of Department",
        "부국장",
    ),
    "head_division": ("Boʻlim boshligʻi", "Начальник отдела", "Head of Division", "과장"),
    "head_section": ("Sektor mudiri", "Заведующий сектором", "Head of Section", "계장"),
    "head_regional": (
        "Hududiy boshqarma boshligʻi",
        "Начальник территориального управления",
        "Head of Regional Office",
        "지역사무소장",
    ),
    "deputy_head_regional": (
        "Hududiy boshqarma boshligʻi oʻrinbosari",
        "Заместитель начальника территориального управления",
        "Deputy Head of Regional Office",
        "지역사무소 부소장",
    ),
    "head_district": (
        "Tuman boʻlimi boshligʻi",
        "Начальник районного отдела",
        "Head of District Office",
        "지구사무소장",
    ),
    "chief_specialist": ("Bosh mutaxassis", "Главный специалист", "Chief Specialist", "수석전문관"),
    "leading_specialist": (
        "Yetakchi mutaxassis",
        "Ведущий специалист",
        "Leading Specialist",
        "선임전문관",
    ),
    "specialist": ("Mutaxassis", "Специалист", "Specialist", "전문관"),
    "reception": ("Qabulxona mudiri", "Заведующий приёмной", "Head of Reception", "접수실장"),
}

# What a post does, as a sentence in each language (uz, ru, en, ko), by the kind of post;
# {unit} is the unit's name. The unit's area of work follows as a sentence of its own.
DUTY_SENTENCES: dict[str, T] = {
    "head": (
        "{unit} faoliyatiga rahbarlik qiladi.",
        "Руководит работой подразделения «{unit}».",
        "Leads the {unit}.",
        "{unit} 업무를 총괄한다.",
    ),
    "deputy": (
        "{unit} rahbarining oʻrinbosari, yoʻnalishlar ishini muvofiqlashtiradi.",
        "Заместитель руководителя подразделения «{unit}», координирует направления работы.",
        "Deputy head of the {unit}; coordinates its lines of work.",
        "{unit}의 부기관장으로서 업무를 조정한다.",
    ),
    "adviser": (
        "{unit} rahbariyatiga maslahat beradi.",
        "Консультирует руководство подразделения «{unit}».",
        "Advises the leadership of the {unit}.",
        "{unit} 지도부에 자문한다.",
    ),
    "specialist": (
        "{unit} murojaatlari va hujjatlarini koʻrib chiqadi.",
        "Рассматривает обращения и документы подразделения «{unit}».",
        "Handles requests and documents of the {unit}.",
        "{unit}의 민원과 문서를 처리한다.",
    ),
    "reception": (
        "{unit} tashrif buyuruvchilarini qabul qiladi, qoʻngʻiroqlar va xatlarni roʻyxatga oladi.",
        "Принимает посетителей, звонки и письма подразделения «{unit}».",
        "Receives visitors, calls and letters for the {unit}.",
        "{unit}의 방문객, 전화, 서신을 접수한다.",
    ),
}

MALE_GIVEN = [
    "Jahongir",
    "Sardor",
    "Bobur",
    "Aziz",
    "Rustam",
    "Sherzod",
    "Otabek",
    "Ulugʻbek",
    "Doniyor",
    "Jasur",
    "Farrux",
    "Akmal",
    "Bahodir",
    "Dilshod",
    "Eldor",
    "Fazliddin",
    "Gʻayrat",
    "Hamid",
    "Ilhom",
    "Javlon",
    "Kamol",
    "Laziz",
    "Mansur",
    "Nodir",
    "Oybek",
    "Poʻlat",
    "Qahramon",
    "Ravshan",
    "Sanjar",
    "Temur",
    "Umid",
    "Vohid",
    "Xurshid",
    "Yusuf",
    "Zafar",
    "Shavkat",
    "Anvar",
    "Botir",
    "Nurbek",
    "Alisher",
    "Sobir",
    "Jamshid",
    "Shuhrat",
    "Murod",
    "Odil",
    "Rahim",
    "Behzod",
    "Gʻolib",
    "Oʻtkir",
    "Shoxrux",
    "Asliddin",
    "Komil",
    "Toʻlqin",
    "Erkin",
]
FEMALE_GIVEN = [
    "Dilnoza",
    "Gulnora",
    "Malika",
    "Nilufar",
    "Zarina",
    "Shahnoza",
    "Mohira",
    "Feruza",
    "Madina",
    "Nodira",
    "Sevara",
    "Kamola",
    "Lola",
    "Mavluda",
    "Barno",
    "Dildora",
    "Gulchehra",
    "Hilola",
    "Iroda",
    "Komila",
    "Lobar",
    "Munisa",
    "Nargiza",
    "Oydin",
    "Rayhon",
    "Sabina",
    "Umida",
    "Xurshida",
    "Yulduz",
    "Zulfiya",
    "Shoira",
    "Charos",
    "Gavhar",
    "Nasiba",
    "Ozoda",
    "Gʻuncha",
    "Oʻgʻiloy",
    "Shaxnoza",
    "Dilfuza",
    "Maftuna",
]
# Male forms; the female form adds "a" (Gʻulomov → Gʻulomova).
FAMILY_NAMES = [
    "Gʻulomov",
    "Rahimov",
    "Yusupov",
    "Tursunov",
    "Xolmatov",
    "Ergashev",
    "Nazarov",
    "Qodirov",
    "Sobirov",
    "Usmonov",
    "Abdullayev",
    "Aliyev",
    "Hasanov",
    "Husanov",
    "Ismoilov",
    "Joʻrayev",
    "Mahmudov",
    "Normatov",
    "Olimov",
    "Poʻlatov",
    "Qosimov",
    "Rasulov",
    "Toshmatov",
    "Umarov",
    "Valiyev",
    "Xudoyberdiyev",
    "Yoqubov",
    "Zokirov",
    "Sharipov",
    "Choriyev",
    "Boboyev",
    "Davletov",
    "Egamberdiyev",
    "Fayzullayev",
    "Haydarov",
    "Komilov",
    "Latipov",
    "Moʻminov",
    "Nurmatov",
    "Ortiqov",
    "Rustamov",
    "Sultonov",
    "Temirov",
    "Yoʻldoshev",
    "Zaripov",
    "Akbarov",
    "Bakirov",
    "Gʻaniyev",
    "Shodiyev",
    "Oʻrinboyev",
    "Qurbonov",
    "Salimov",
]
# Fathers' names for patronymics.
FATHERS = [
    "Akmal",
    "Bahrom",
    "Karim",
    "Rashid",
    "Shavkat",
    "Tohir",
    "Xamid",
    "Yusuf",
    "Anvar",
    "Nodir",
    "Olim",
    "Qodir",
    "Saidakbar",
    "Umar",
    "Hakim",
    "Ergash",
    "Zokir",
    "Mahmud",
    "Gʻofur",
    "Ismoil",
]
# Russian and Korean (Koryo-saram) names, common in Uzbekistan, entered in Cyrillic.
RUSSIAN_PEOPLE = [
    ("Иванов", "Сергей", "Петрович", "m"),
    ("Петрова", "Елена", "Викторовна", "f"),
    ("Смирнов", "Алексей", "Игоревич", "m"),
    ("Кузнецова", "Ольга", "Николаевна", "f"),
    ("Волков", "Дмитрий", "Андреевич", "m"),
    ("Морозова", "Татьяна", "Сергеевна", "f"),
]
KOREAN_PEOPLE = [
    ("Ким", "Владимир", "Николаевич", "m"),
    ("Пак", "Марина", "Александровна", "f"),
    ("Цой", "Виктор", "Евгеньевич", "m"),
    ("Ли", "Светлана", "Борисовна", "f"),
    ("Хван", "Игорь", "Сергеевич", "m"),
    ("Тен", "Анна", "Михайловна", "f"),
]

# Contact labels and reception hours in each language (uz, ru, en, ko).
CONTACT_LABELS: dict[str, T] = {
    "reception": ("Qabulxona", "Приёмная", "Reception", "접수처"),
    "hotline": ("Ishonch telefoni", "Телефон доверия", "Hotline", "신고 전화"),
    "chancellery": ("Devonxona", "Канцелярия", "Chancellery", "문서과"),
}
RECEPTION_HOURS: T = (
    "Du–Ju 9:00–18:00",
    "Пн–Пт 9:00–18:00",
    "Mon–Fri 9:00–18:00",
    "월–금 9:00–18:00",
)

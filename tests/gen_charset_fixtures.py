#!/usr/bin/env python3
"""Writes the charset fixtures: fixtures/charset-*.html, each a small news page
really encoded in its charset, with the expected text output in UTF-8.

The pages are stored encoded, which no editor shows well; edit the articles
here and run this script again (from anywhere):

    python3 tests/gen_charset_fixtures.py
"""

import html
import os

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")

PAGES = [
    {
        "name": "windows-1251",
        "encoding": "cp1251",
        "lang": "ru",
        "head": '<meta charset="windows-1251">',
        "site": "Заречные вести",
        "nav": ["Главная", "Новости", "Общество", "Культура", "Спорт", "Контакты"],
        "footer": "© 2024 Заречные вести. Все права защищены. Перепечатка материалов только с разрешения редакции.",
        "title": "В Заречном после ремонта открылась городская библиотека",
        "paragraphs": [
            "Центральная городская библиотека Заречного во вторник вновь открыла двери для читателей после почти полутора лет ремонта. В первый же день в читальный зал пришли более трёхсот человек, а у стойки записи с утра выстроилась очередь из школьников и пенсионеров.",
            "Здание, построенное в конце шестидесятых годов, давно нуждалось в обновлении: протекала крыша, в хранилище не хватало места, а зимой в залах было так холодно, что сотрудники работали в пальто. Теперь в библиотеке новая система отопления, лифт для маломобильных посетителей и отдельный зал для занятий с детьми.",
            "«Мы хотели, чтобы сюда было приятно приходить не только за книгами, — рассказала директор библиотеки Ольга Сомова. — Здесь можно поработать с ноутбуком, послушать лекцию или просто посидеть у окна с газетой». По её словам, фонд библиотеки за время ремонта пополнился почти на четыре тысячи изданий.",
            "Работы обошлись городскому бюджету в сорок два миллиона рублей, ещё часть средств выделила областная программа поддержки культуры. До конца года в библиотеке обещают открыть коворкинг и запустить клуб любителей краеведения, первое заседание которого уже назначено на середину октября.",
        ],
    },
    {
        # No <meta charset>: only the HTTP header (the .args file) tells.
        "name": "header-only",
        "encoding": "cp1251",
        "lang": "ru",
        "head": "",
        "args": ["--content-type", "text/html; charset=windows-1251"],
        "site": "Приозёрская правда",
        "nav": ["Главная", "Район", "Экономика", "Сельское хозяйство", "Погода"],
        "footer": "© 2024 Приозёрская правда. Адрес редакции: ул. Советская, 12.",
        "title": "Фермеры Приозёрья начали уборку урожая раньше обычного",
        "paragraphs": [
            "Аграрии Приозёрского района приступили к уборке зерновых почти на две недели раньше привычных сроков. Жаркое и сухое начало лета ускорило созревание пшеницы, и уже к концу июля комбайны вышли на первые поля в окрестностях сёл Луговое и Каменка.",
            "По предварительным оценкам районного управления сельского хозяйства, урожайность в этом году будет немного ниже прошлогодней, зато качество зерна обещает быть высоким. Специалисты отмечают, что засуха сильнее всего ударила по поздним посевам ячменя и подсолнечника.",
            "«Мы работаем в две смены, пока держится погода, — говорит руководитель фермерского хозяйства Андрей Белов. — Если начнутся дожди, часть хлеба может остаться в поле, поэтому каждый день на счету». Механизаторам, по его словам, помогают студенты аграрного колледжа, проходящие летнюю практику.",
            "Районные власти обещают фермерам компенсировать часть затрат на топливо и ремонт техники. Итоги уборочной кампании планируется подвести в начале сентября на традиционной осенней ярмарке в районном центре.",
        ],
    },
    {
        "name": "iso-8859-1",
        "encoding": "latin-1",
        "lang": "fr",
        "head": '<meta charset="ISO-8859-1">',
        "site": "Le Petit Lyonnais",
        "nav": ["Accueil", "Actualités", "Économie", "Culture", "Sports", "Météo"],
        "footer": "© 2024 Le Petit Lyonnais - Mentions légales - Nous contacter",
        "title": "Lyon : le marché couvert de la Croix-Rousse rouvre ses portes",
        "paragraphs": [
            "Après plus de deux ans de travaux, le marché couvert du quartier de la Croix-Rousse a rouvert ses portes samedi matin. Dès l'ouverture, des centaines d'habitants se sont pressés dans les allées pour retrouver leurs commerçants habituels et découvrir les nouveaux étals.",
            "Le bâtiment, construit au début du siècle dernier, souffrait d'une toiture fragilisée et d'installations électriques vétustes. La municipalité a choisi de conserver la charpente métallique d'origine tout en ajoutant une verrière, des chambres froides modernes et un espace de restauration au premier étage.",
            "« Nous avons vécu deux années difficiles sur le parking provisoire, mais le résultat en valait la peine », confie Hélène Garnier, fromagère installée dans le marché depuis près de vingt ans. Plusieurs commerçants espèrent désormais attirer une clientèle plus jeune grâce aux horaires élargis du vendredi soir.",
            "Le chantier a coûté environ huit millions d'euros, financés en grande partie par la ville et la métropole. Une fête d'inauguration, avec concerts et dégustations de produits régionaux, est prévue le dernier week-end du mois.",
        ],
    },
    {
        "name": "shift-jis",
        "encoding": "shift_jis",
        "lang": "ja",
        "head": '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">',
        "site": "山あい新聞",
        "nav": ["ホーム", "ニュース", "経済", "地域", "スポーツ", "天気"],
        "footer": "Copyright 2024 山あい新聞社 All rights reserved. 記事・写真の無断転載を禁じます。",
        "title": "地方鉄道が新型車両を導入、観光客の増加に期待",
        "paragraphs": [
            "山間部を走る地方鉄道の運営会社は十五日、およそ三十年ぶりとなる新型車両の営業運転を始めた。始発駅のホームには朝早くから鉄道ファンや沿線の住民が集まり、淡い緑色に塗られた真新しい車両がゆっくりと動き出す様子を、思い思いにカメラやスマートフォンで撮影していた。新型車両は二両編成で、車内には大きな窓と木目調の座席が設けられている。",
            "これまで使われてきた車両は老朽化が進み、冬場には暖房の効きが悪いという苦情が相次いでいた。新しい車両は消費電力を従来より三割ほど抑えたほか、車いすやベビーカーのまま乗り降りできるよう床の高さを低くした。運営会社によると、購入費用の半分近くは国と県の補助金でまかなったという。沿線の学校からは、通学の時間帯に合わせた増便を求める声も上がっている。",
            "沿線の町では、ここ数年で人口の減少が続き、通学や通院に鉄道を使う人も少なくなっていた。一方で、渓谷の紅葉や温泉を目当てに訪れる観光客は増えており、町の観光協会は「車窓の景色を楽しめる新しい車両は、地域にとって大きな宣伝になる」と期待を寄せている。協会では、駅前の案内所を改装し、外国人向けの地図も用意する予定だ。",
            "運営会社は今後、週末に限って地元の食材を使った弁当を車内で販売するほか、秋には沿線の駅をめぐるスタンプラリーも予定している。社長は記者会見で「地域の足を守りながら、乗ること自体が目的になるような鉄道を目指したい。多くの人に一度乗りに来てほしい」と話し、新型車両を今後三年間でさらに二編成増やす計画も明らかにした。",
        ],
    },
    {
        "name": "gb2312",
        "encoding": "gb2312",
        "lang": "zh-CN",
        "head": '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        "site": "江南晚报",
        "nav": ["首页", "新闻", "财经", "文化", "旅游", "图片"],
        "footer": "版权所有 2024 江南晚报社 未经授权不得转载 联系我们",
        "title": "古镇老街完成修缮 重新向游客开放",
        "paragraphs": [
            "经过近两年的修缮，位于江南水乡的一条明清老街日前正式重新向游客开放。开放首日，不少市民和外地游客一早便来到街口，沿着青石板路慢慢走过，观看修复后的木结构店铺和沿河的石桥，许多人还特意穿上传统服饰拍照留念。街边的老字号店铺也纷纷挂出灯笼，迎接久违的客人。一位从外地赶来的游客说，她小时候曾跟着父母来过这里，如今再次走进老街，感觉既熟悉又新鲜。",
            "这条老街全长约六百米，两侧保存着一百多栋老建筑。由于年久失修，部分房屋曾出现屋顶漏雨、墙体开裂等问题。修缮工程坚持“修旧如旧”的原则，工匠们尽量使用原有的砖瓦和木料，对无法保留的构件则按照传统工艺重新制作，力求让老街保持原来的样貌和生活气息。参与施工的老师傅说，仅是一座临河的戏台，就花了整整三个月时间才修复完成。",
            "当地文化部门负责人介绍，修缮期间还同步改造了老街的排水和消防设施，并在街区入口增设了游客服务中心。“我们希望老街不仅是一处景点，更是居民日常生活的地方，”她说，“原来的茶馆、裁缝铺和糕点店都已经陆续回来营业，很多老住户也搬回来了。”她表示，今后将定期检查老建筑的安全状况，并鼓励居民参与街区的日常管理，让老街在保护中继续发展。",
            "据了解，今年下半年，老街还将举办传统手工艺展示和民俗文化节等活动，届时将有剪纸、竹编和木雕等非物质文化遗产项目现场展示。有关部门提醒游客，节假日期间人流量较大，建议提前通过网络预约参观时段，并尽量选择公共交通出行，以免造成周边道路拥堵。景区还将在周末增加志愿者和讲解员，为游客介绍老街的历史和建筑特色。",
        ],
    },
    {
        "name": "utf16",
        "encoding": "utf-16-le",
        "bom": True,
        "lang": "es",
        "head": '<meta charset="utf-16">',
        "site": "Diario del Turia",
        "nav": ["Portada", "Valencia", "Economía", "Cultura", "Deportes", "Opinión"],
        "footer": "© 2024 Diario del Turia. Aviso legal · Política de privacidad · Contacto",
        "title": "Valencia estrena un carril bici que une el centro con la playa",
        "paragraphs": [
            "El Ayuntamiento de Valencia inauguró el martes un nuevo carril bici de casi seis kilómetros que conecta el centro histórico con el paseo marítimo. Desde primera hora de la mañana, cientos de ciclistas recorrieron el trazado, que atraviesa varios barrios y discurre en buena parte junto al antiguo cauce del río.",
            "La obra, que ha durado once meses, ha incluido la plantación de más de cuatrocientos árboles y la instalación de nuevos semáforos para bicicletas en los cruces más transitados. Según el consistorio, el carril está separado del tráfico rodado en todo su recorrido, una de las principales peticiones de las asociaciones de usuarios.",
            "«Antes tardaba media hora en llegar a la playa y siempre con miedo a los coches; hoy he venido con mis hijos sin ningún problema», explicó Lucía Ferrer, vecina del barrio de Benimaclet. Los comerciantes de la zona, en cambio, se muestran divididos por la desaparición de algunas plazas de aparcamiento.",
            "El proyecto ha costado unos nueve millones de euros y forma parte de un plan más amplio para duplicar la red ciclista de la ciudad antes de 2027. El próximo tramo, que llegará hasta el puerto, empezará a construirse después del verano.",
        ],
    },
]



def variant(of, name, head, **changes):
    """A page of PAGES under another name and head (its text unchanged)."""
    page = dict(next(p for p in PAGES if p["name"] == of), name=name, head=head)
    page.pop("args", None)
    page.update(changes)
    return page


# Pages that declare no charset, or one iconv does not know: the charset is
# detected from the bytes (windows-1252 being only the last resort).
PAGES += [
    variant("header-only", "undeclared-windows-1251", ""),
    variant("shift-jis", "undeclared-shift-jis", ""),
    variant("iso-8859-1", "undeclared-iso-8859-1", ""),
    variant("windows-1251", "unknown-label", '<meta charset="x-unheard-of">'),
]


def page_html(p):
    esc = html.escape
    nav = "\n".join(
        '      <li><a href="/%d">%s</a></li>' % (i, esc(item))
        for i, item in enumerate(p["nav"])
    )
    body = "\n".join("      <p>%s</p>" % esc(par, quote=False) for par in p["paragraphs"])
    head = ("\n" + p["head"]) if p["head"] else ""
    return """<!DOCTYPE html>
<html lang="{lang}">
<head>{head}
<title>{title} | {site}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/main.css">
</head>
<body>
<header class="site-header">
  <a class="logo" href="/">{site}</a>
  <nav class="main-nav">
    <ul>
{nav}
    </ul>
  </nav>
</header>
<div class="page">
  <main>
    <article>
      <h1>{title}</h1>
{body}
    </article>
  </main>
</div>
<footer class="site-footer">
  <p>{footer}</p>
</footer>
</body>
</html>
""".format(
        lang=p["lang"],
        head=head,
        title=esc(p["title"], quote=False),
        site=esc(p["site"], quote=False),
        nav=nav,
        body=body,
        footer=esc(p["footer"], quote=False),
    )


def main():
    for p in PAGES:
        for par in p["paragraphs"]:
            assert len(par) >= 150, (p["name"], len(par), par[:30])
        data = page_html(p).encode(p["encoding"])  # strict: every character fits
        if p.get("bom"):
            data = "\ufeff".encode(p["encoding"]) + data
        base = os.path.join(FIXTURES, "charset-" + p["name"])
        with open(base + ".html", "wb") as f:
            f.write(data)
        with open(base + ".expected.txt", "wb") as f:
            f.write(("\n\n".join(p["paragraphs"]) + "\n").encode("utf-8"))
        if "args" in p:
            with open(base + ".args", "wb") as f:
                f.write(("\n".join(p["args"]) + "\n").encode("utf-8"))


if __name__ == "__main__":
    main()

"""Hand-written lookup tables for scripts/build_demo_catalog.py.

Everything here is our own editorial knowledge (genre shelves of well-known
authors, perfume note families, beer style profiles, generic drink styles);
no text is copied from the source data sets.
"""

from __future__ import annotations

# --------------------------------------------------------------------------- books
# Clean genre vocabulary; every name is also a Goodreads shelf in goodbooks-10k tags.csv
# (the build script checks this).
GENRES = (
    "fantasy science-fiction mystery romance classics historical-fiction non-fiction "
    "young-adult thriller biography horror poetry philosophy self-help childrens "
    "graphic-novels memoir humor contemporary paranormal dystopia religion history "
    "science psychology business economics plays chick-lit crime short-stories "
    "literary-fiction magical-realism travel war adventure fiction"
).split()

# Popular goodbooks shelf names -> clean genre (used with book_tags.csv when present).
TAG_TO_GENRE = {
    "fantasy": "fantasy", "epic-fantasy": "fantasy", "high-fantasy": "fantasy",
    "urban-fantasy": "fantasy", "sci-fi": "science-fiction", "scifi": "science-fiction",
    "science-fiction": "science-fiction", "mystery": "mystery", "mysteries": "mystery",
    "romance": "romance", "classics": "classics", "classic": "classics",
    "historical-fiction": "historical-fiction", "historical": "historical-fiction",
    "non-fiction": "non-fiction", "nonfiction": "non-fiction", "young-adult": "young-adult",
    "ya": "young-adult", "ya-fiction": "young-adult", "teen": "young-adult",
    "thriller": "thriller", "thrillers": "thriller", "suspense": "thriller",
    "biography": "biography", "memoir": "memoir", "memoirs": "memoir", "horror": "horror",
    "poetry": "poetry", "philosophy": "philosophy", "self-help": "self-help",
    "childrens": "childrens", "children": "childrens", "children-s": "childrens",
    "kids": "childrens", "picture-books": "childrens", "graphic-novels": "graphic-novels",
    "comics": "graphic-novels", "humor": "humor", "humour": "humor", "funny": "humor",
    "contemporary": "contemporary", "paranormal": "paranormal", "vampires": "paranormal",
    "dystopia": "dystopia", "dystopian": "dystopia", "religion": "religion",
    "christian": "religion", "history": "history", "science": "science",
    "psychology": "psychology", "business": "business", "economics": "economics",
    "plays": "plays", "drama": "plays", "chick-lit": "chick-lit", "crime": "crime",
    "short-stories": "short-stories", "literary-fiction": "literary-fiction",
    "magical-realism": "magical-realism", "travel": "travel", "war": "war",
    "adventure": "adventure", "true-crime": "crime",
}

# First listed author -> genres. One line each: "Author: genre, genre".
_AUTHOR_GENRES = """
A.A. Milne: childrens, classics
Abraham Verghese: literary-fiction, historical-fiction
Agatha Christie: mystery, crime, classics
Alan Moore: graphic-novels, science-fiction
Albert Camus: classics, philosophy
Aldous Huxley: classics, dystopia, science-fiction
Alexander McCall Smith: mystery
Alexandre Dumas: classics, adventure, historical-fiction
Alice Sebold: literary-fiction, mystery
Alice Walker: classics, historical-fiction
Ally Condie: young-adult, dystopia, romance
Alyson Noel: young-adult, paranormal, romance
Amy Poehler: memoir, humor
Amy Tan: literary-fiction, contemporary
Andy Weir: science-fiction
Anita Diamant: historical-fiction
Ann Brashares: young-adult, contemporary
Ann Patchett: literary-fiction
Anna Sewell: classics, childrens
Anne Frank: memoir, history, classics
Anne Rice: horror, paranormal
Anthony Burgess: classics, dystopia, science-fiction
Anthony Doerr: historical-fiction, war
Antoine de Saint-Exupéry: classics, childrens
Art Spiegelman: graphic-novels, history, memoir
Arthur C. Clarke: science-fiction, classics
Arthur Conan Doyle: mystery, classics, crime
Arthur Golden: historical-fiction
Arthur Miller: plays, classics
Audrey Niffenegger: romance, science-fiction
Augusten Burroughs: memoir, humor
Ayn Rand: classics, philosophy
Barbara Kingsolver: literary-fiction, historical-fiction
Beatrice Sparks: young-adult, contemporary
Becca Fitzpatrick: young-adult, paranormal, romance
Betty Smith: classics, historical-fiction
Betty Edwards: non-fiction, self-help
Bill Bryson: non-fiction, travel, humor
Billie Letts: contemporary
Bram Stoker: classics, horror
Brandon Sanderson: fantasy
Bret Easton Ellis: literary-fiction, horror
C.S. Lewis: fantasy, childrens, classics
Carlos Ruiz Zafón: mystery, historical-fiction
Cassandra Clare: fantasy, young-adult, paranormal
Cecelia Ahern: romance, contemporary
Charlaine Harris: paranormal, fantasy, mystery
Charles Dickens: classics, historical-fiction
Charles Frazier: historical-fiction
Charlotte Brontë: classics, romance
Cheryl Strayed: memoir, travel
Chinua Achebe: classics, historical-fiction
Chris Van Allsburg: childrens, fantasy
Christina Baker Kline: historical-fiction
Christopher Paolini: fantasy, young-adult
Chuck Palahniuk: literary-fiction
Colleen Hoover: romance, contemporary
Colleen McCullough: historical-fiction, romance
Cormac McCarthy: literary-fiction, dystopia
Cornelia Funke: fantasy, childrens
Corrie ten Boom: memoir, history, religion
Dale Carnegie: self-help, business
Dan Brown: thriller, mystery
Daniel Defoe: classics, adventure
Daniel Keyes: classics, science-fiction
Daphne du Maurier: classics, mystery
Dave Pelzer: memoir
David McCullough: biography, history
David Nicholls: romance, contemporary
David Sedaris: humor, memoir
Dean Koontz: thriller, horror, paranormal
Deborah Harkness: fantasy, paranormal, historical-fiction
Diana Gabaldon: historical-fiction, romance, fantasy
Diane Setterfield: mystery, historical-fiction
Donna Tartt: literary-fiction, mystery
Douglas Adams: science-fiction, humor
Dr. Seuss: childrens, classics
E. Lockhart: young-adult, mystery
E.B. White: childrens, classics
E.L. James: romance
Edgar Allan Poe: classics, horror, short-stories
Elie Wiesel: memoir, history, classics
Elizabeth Gilbert: memoir, travel
Elizabeth Kostova: historical-fiction, horror, mystery
Emily Brontë: classics, romance
Emily Giffin: chick-lit, romance
Emma Donoghue: literary-fiction, contemporary
Emma McLaughlin: chick-lit
Eoin Colfer: fantasy, childrens
Eric Carle: childrens
Eric Schlosser: non-fiction, history
Erich Maria Remarque: classics, war, historical-fiction
Erik Larson: non-fiction, history, crime
Erin Morgenstern: fantasy, romance
Ernest Cline: science-fiction, dystopia
Ernest Hemingway: classics, literary-fiction
F. Scott Fitzgerald: classics
Fannie Flagg: historical-fiction, contemporary
Frances Hodgson Burnett: classics, childrens
Frances Mayes: memoir, travel
Frank Herbert: science-fiction, classics
Frank McCourt: memoir, biography
Franz Kafka: classics, philosophy
Fredrik Backman: contemporary, humor
Fyodor Dostoyevsky: classics, philosophy
Gabriel García Márquez: classics, magical-realism
Gail Carson Levine: fantasy, childrens, young-adult
Garth Stein: contemporary
Gary Paulsen: childrens, adventure
Gayle Forman: young-adult, romance, contemporary
George Orwell: classics, dystopia, science-fiction
George R.R. Martin: fantasy
Gillian Flynn: thriller, mystery
Graeme Simsion: romance, humor, contemporary
Greg Mortenson: non-fiction, memoir, travel
Gregory Maguire: fantasy
H.G. Wells: classics, science-fiction
Harper Lee: classics, historical-fiction
Haruki Murakami: literary-fiction, magical-realism
Helen Fielding: chick-lit, romance, humor
Herman Melville: classics, adventure
Hermann Hesse: classics, philosophy
Homer: classics, poetry
Hunter S. Thompson: classics, humor
Ian McEwan: historical-fiction, literary-fiction
Isaac Asimov: science-fiction, classics
J.D. Salinger: classics, literary-fiction
J.K. Rowling: fantasy, young-adult
J.M. Barrie: classics, childrens, fantasy
J.R. Ward: paranormal, romance
J.R.R. Tolkien: fantasy, classics
Jack Kerouac: classics
Jack London: classics, adventure
James Dashner: young-adult, dystopia, science-fiction
James Frey: memoir
James Patterson: thriller, mystery, crime
Jamie Ford: historical-fiction, romance
Jamie McGuire: romance, contemporary
Jane Austen: classics, romance
Jane Carruth: childrens, classics, fantasy
Janet Evanovich: mystery, humor
Janet Fitch: literary-fiction, contemporary
Jared Diamond: non-fiction, history, science
Jay Asher: young-adult, contemporary
Jean M. Auel: historical-fiction
Jeanne DuPrau: childrens, dystopia, science-fiction
Jeannette Walls: memoir, biography
Jeff Kinney: childrens, humor
Jeffrey Eugenides: literary-fiction
Jennifer Weiner: chick-lit
Jerry Spinelli: young-adult, contemporary
Jhumpa Lahiri: literary-fiction
Jim Butcher: fantasy, mystery, paranormal
Jodi Picoult: contemporary
John Berendt: non-fiction, crime
John Boyne: historical-fiction, young-adult
John Green: young-adult, contemporary, romance
John Grisham: thriller, crime
John Grogan: memoir
John Irving: literary-fiction
John Kennedy Toole: classics, humor
John Steinbeck: classics
John Tiffany: plays, fantasy
Jojo Moyes: romance, contemporary
Jon Krakauer: non-fiction, travel, biography
Jonathan Safran Foer: literary-fiction
Jonathan Swift: classics, adventure
Joseph Conrad: classics
Joseph Heller: classics, war, humor
Kami Garcia: young-adult, paranormal, fantasy
Katherine Paterson: childrens, classics
Kathleen Grissom: historical-fiction
Kathryn Stockett: historical-fiction
Kazuo Ishiguro: literary-fiction, science-fiction, dystopia
Ken Follett: historical-fiction
Ken Kesey: classics
Khaled Hosseini: literary-fiction, historical-fiction
Kiera Cass: young-adult, romance, dystopia
Kim Edwards: contemporary
Kristin Cashore: fantasy, young-adult
Kristin Hannah: historical-fiction, war
Kurt Vonnegut Jr.: classics, science-fiction
L. Frank Baum: classics, fantasy, childrens
L.M. Montgomery: classics, childrens
Laini Taylor: fantasy, young-adult
Laura Esquivel: magical-realism, romance
Laura Hillenbrand: non-fiction, history, biography
Laura Ingalls Wilder: classics, childrens, historical-fiction
Laura Joffe Numeroff: childrens
Lauren Kate: young-adult, paranormal, fantasy
Lauren Oliver: young-adult, dystopia, romance
Lauren Weisberger: chick-lit
Laurie Halse Anderson: young-adult, contemporary
Lemony Snicket: childrens, humor
Leo Tolstoy: classics
Lewis Carroll: classics, fantasy, childrens
Liane Moriarty: contemporary, mystery
Libba Bray: young-adult, fantasy, historical-fiction
Lisa Genova: contemporary
Lisa See: historical-fiction
Lois Lowry: young-adult, dystopia
Louis Sachar: childrens, young-adult
Louisa May Alcott: classics
M.L. Stedman: historical-fiction
Madeleine L'Engle: fantasy, science-fiction, childrens
Maggie Stiefvater: young-adult, paranormal, romance
Malala Yousafzai: memoir, biography
Malcolm Gladwell: non-fiction, psychology, business
Margaret Atwood: dystopia, classics, science-fiction
Margaret Mitchell: classics, historical-fiction, romance
Margaret Wise Brown: childrens
Margery Williams Bianco: childrens, classics
Maria Semple: humor, contemporary
Marie Lu: young-adult, dystopia
Mario Puzo: classics, crime
Marissa Meyer: young-adult, science-fiction, fantasy
Mark Cotta Vaz: non-fiction
Mark Haddon: mystery, contemporary
Mark Twain: classics, adventure
Markus Zusak: historical-fiction, young-adult
Mary Ann Shaffer: historical-fiction
Mary Wollstonecraft Shelley: classics, horror, science-fiction
Maurice Sendak: childrens
Max Brooks: horror, science-fiction
Maya Angelou: memoir, classics
Meg Cabot: young-adult, romance, chick-lit
Michael Crichton: science-fiction, thriller
Milan Kundera: classics, philosophy
Mindy Kaling: memoir, humor
Mitch Albom: contemporary, philosophy
Natalie Babbitt: childrens, fantasy
Nathaniel Hawthorne: classics
Neal Stephenson: science-fiction
Neil Gaiman: fantasy
Newt Scamander: fantasy
Nicholas Sparks: romance
Norton Juster: childrens, fantasy
Orson Scott Card: science-fiction
Oscar Wilde: classics
P.C. Cast: young-adult, paranormal, fantasy
P.D. Eastman: childrens
Patricia Cornwell: mystery, crime, thriller
Patrick Rothfuss: fantasy
Patrick Süskind: historical-fiction, thriller
Paula Hawkins: thriller, mystery
Paula McLain: historical-fiction
Paulo Coelho: fiction, philosophy
Pearl S. Buck: classics, historical-fiction
Philip K. Dick: science-fiction, classics
Philip Pullman: fantasy, young-adult
Philippa Gregory: historical-fiction
Pittacus Lore: young-adult, science-fiction
R.J. Palacio: childrens, contemporary
Rainbow Rowell: young-adult, romance, contemporary
Randy Pausch: memoir
Ransom Riggs: fantasy, young-adult
Ray Bradbury: classics, science-fiction, dystopia
Rebecca Skloot: non-fiction, science, biography
Rebecca Wells: contemporary, chick-lit
Rhonda Byrne: self-help
Richard Adams: classics, fantasy
Richelle Mead: young-adult, paranormal, fantasy
Rick Riordan: fantasy, young-adult
Rick Warren: religion, self-help
Rick Yancey: young-adult, science-fiction, dystopia
Roald Dahl: childrens, fantasy, classics
Robert A. Heinlein: science-fiction, classics
Robert Galbraith: mystery, crime
Robert Jordan: fantasy
Robert Louis Stevenson: classics, adventure
Robert Ludlum: thriller
S.E. Hinton: young-adult, classics
S.J. Watson: thriller, mystery
Sara Gruen: historical-fiction, romance
Sarah Dessen: young-adult, contemporary, romance
Sarah J. Maas: fantasy, young-adult
Scott O'Dell: childrens, historical-fiction, classics
Scott Westerfeld: young-adult, dystopia, science-fiction
Shel Silverstein: poetry, childrens
Simone Elkeles: young-adult, romance
Sophie Kinsella: chick-lit, humor, romance
Spencer Johnson: self-help, business
Stephanie Perkins: young-adult, romance
Stephen Chbosky: young-adult, contemporary
Stephen King: horror, thriller
Stephen R. Covey: self-help, business
Stephenie Meyer: young-adult, paranormal, romance
Steven D. Levitt: non-fiction, economics
Stieg Larsson: thriller, mystery, crime
Sue Monk Kidd: historical-fiction
Sun Tzu: classics, philosophy, history
Susan Cain: non-fiction, psychology, self-help
Suzanne Collins: young-adult, dystopia, science-fiction
Sylvia Day: romance
Sylvia Plath: classics, literary-fiction
Tahereh Mafi: young-adult, dystopia, romance
Tana French: mystery, crime
Tatiana de Rosnay: historical-fiction
Tennessee Williams: plays, classics
Terry Goodkind: fantasy
Terry Pratchett: fantasy, humor
Thomas Hardy: classics, romance
Thomas Harris: thriller, horror, crime
Tim O'Brien: war, classics, short-stories
Tina Fey: memoir, humor
Todd Burpo: religion, memoir
Tom Clancy: thriller
Toni Morrison: classics, historical-fiction
Tracy Chevalier: historical-fiction
Truman Capote: classics, crime, non-fiction
Umberto Eco: historical-fiction, mystery, classics
Veronica Roth: young-adult, dystopia, science-fiction
Victor Hugo: classics, historical-fiction
Viktor E. Frankl: psychology, philosophy, non-fiction
Vladimir Nabokov: classics
Wally Lamb: literary-fiction, contemporary
Walter Isaacson: biography
William Gibson: science-fiction
William Golding: classics, adventure
William Goldman: fantasy, romance, humor
William Landay: mystery, thriller
William Paul Young: religion, contemporary
William Shakespeare: plays, classics
Wilson Rawls: childrens, classics
Yann Martel: literary-fiction, adventure
Zora Neale Hurston: classics, romance
"""
AUTHOR_GENRES = {
    author.strip(): [g.strip() for g in genres.split(",")]
    for author, genres in (line.rsplit(":", 1) for line in _AUTHOR_GENRES.strip().splitlines())
}

# Title substring -> genres, for authors who wrote across genres.
TITLE_GENRES = {
    "Mere Christianity": ["religion", "philosophy", "non-fiction"],
    "The Screwtape Letters": ["religion", "classics"],
    "A Short History of Nearly Everything": ["science", "non-fiction", "humor"],
    "The Casual Vacancy": ["literary-fiction", "contemporary"],
    "The Tales of Beedle the Bard": ["fantasy", "childrens", "short-stories"],
    "The Gunslinger": ["fantasy", "horror"],
    "11/22/63": ["science-fiction", "historical-fiction"],
    "Under the Dome": ["science-fiction", "horror"],
    "The Stand": ["horror", "fantasy"],
    "On Writing": ["non-fiction", "memoir"],
    "Tuesdays with Morrie": ["memoir", "non-fiction", "philosophy"],
    "Number the Stars": ["historical-fiction", "childrens"],
    "Before I Fall": ["young-adult", "contemporary"],
    "The Host": ["science-fiction", "romance"],
    "Coraline": ["fantasy", "horror", "childrens"],
    "The Graveyard Book": ["fantasy", "young-adult"],
    "The Importance of Being Earnest": ["plays", "classics", "humor"],
    "Dr. Jekyll and Mr. Hyde": ["classics", "horror", "science-fiction"],
    "The Picture of Dorian Gray": ["classics", "horror"],
    "Norwegian Wood": ["literary-fiction", "romance"],
    "Where the Sidewalk Ends": ["poetry", "childrens"],
    "The Giving Tree": ["childrens", "classics"],
}

# Picture-book authors (short page counts).
PICTURE_BOOK_AUTHORS = {
    "Dr. Seuss", "Eric Carle", "Maurice Sendak", "Margaret Wise Brown", "Laura Joffe Numeroff",
    "P.D. Eastman", "Chris Van Allsburg", "Margery Williams Bianco", "Jane Carruth",
}

# Plausible page ranges by primary genre (pages are not in goodbooks-10k).
PAGE_RANGES = {
    "fantasy": (320, 720), "science-fiction": (260, 520), "classics": (180, 560),
    "plays": (96, 180), "poetry": (96, 200), "childrens": (96, 260), "young-adult": (240, 480),
    "romance": (280, 420), "thriller": (320, 520), "mystery": (280, 460), "crime": (300, 480),
    "graphic-novels": (160, 420), "horror": (300, 620), "chick-lit": (280, 400),
}
DEFAULT_PAGE_RANGE = (220, 440)

# --------------------------------------------------------------------------- perfumes
# Keyword -> olfactory family. A keyword matches a whole word of a lower-case note, allowing
# a light suffix ("jasmin" ~ "jasmine", "cedar" ~ "cedarwood", "spice" ~ "spices").
NOTE_FAMILIES = {
    "citrus": "bergamot, lemon, lime, mandarin, grapefruit, yuzu, tangerine, citron, clementine, "
    "bitter orange, blood orange, orange, kumquat, petitgrain, orange zest, shikuwasa, sudachi, "
    "citrus, lemongrass",
    "floral": "rose, jasmin, tuberose, iris, orris, violet, peony, magnolia, lily, muguet, "
    "gardenia, ylang, ylang-ylang, orange blossom, orange flower, neroli, freesia, heliotrope, "
    "mimosa, osmanthus, narcissus, carnation, geranium, orchid, frangipani, champaca, "
    "honeysuckle, lilac, hyacinth, lotus, white flower, plumeria, cyclamen, linden, broom, "
    "lily of the valley, floral, flower",
    "woody": "sandalwood, cedar, vetiver, guaiac, gaiac, cypress, pine, hinoki, cashmeran, wood, "
    "woody, rosewood, cypriol, nagarmotha, papyrus, fir, teak, oak, driftwood, akigalawood, "
    "birch, cashmere wood",
    "oriental": "amber, benzoin, labdanum, myrrh, frankincense, olibanum, incense, opoponax, "
    "styrax, tolu, peru balsam, balsam, resin, oud, agarwood, saffron, elemi, copaiba, ambergris",
    "gourmand": "vanilla, vanille, tonka, tonka bean, caramel, chocolate, cocoa, cacao, coffee, "
    "praline, honey, almond, coconut, toffee, sugar, milk, rum, cognac, licorice, marshmallow, "
    "cotton candy, pastry, hazelnut, chestnut, date, whisky, bourbon",
    "chypre": "oakmoss, oak moss, tree moss, moss",
    "aromatic": "lavender, rosemary, sage, clary sage, thyme, basil, mint, artemisia, juniper, "
    "tarragon, eucalyptus, myrtle, bay leaf, davana, herb, shiso",
    "leather": "leather, suede, birch tar, castoreum, tobacco, cade",
    "aquatic": "sea, sea salt, salt, marine, seaweed, ozonic, aquatic, calone, algae, water",
    "green": "galbanum, green note, violet leaf, fig leaf, fig, grass, tomato leaf, leaf, leaves, "
    "mate, green tea, bamboo, ivy, blackcurrant bud, hay",
    "spicy": "pepper, pink pepper, black pepper, cardamom, cinnamon, clove, nutmeg, ginger, cumin, "
    "coriander, spice, anise, star anise, chili, timur, pimento",
    "fresh": "aldehyde, white musk, clean, cotton, linen, soap, tea, cucumber, ozone",
}
FAMILY_ORDER = (
    "floral woody oriental fresh citrus gourmand chypre fougere aromatic leather aquatic "
    "green spicy"
).split()
HEAVY_NOTES = (
    "oud agarwood leather incense tobacco patchouli amber labdanum castoreum civet myrrh "
    "benzoin saffron birch tar"
).split()

# Famous fragdb fragrances: concentration of the edition we sell.
FRAGDB_CONCENTRATION = {
    "Light Blue": "Eau de Toilette", "Alien": "Eau de Parfum",
    "La Vie Est Belle": "Eau de Parfum", "Angel": "Eau de Parfum",
    "Black Opium": "Eau de Parfum", "Coco Mademoiselle": "Eau de Parfum",
    "Sauvage": "Eau de Toilette", "Black Orchid": "Eau de Parfum",
    "Tobacco Vanille": "Eau de Parfum", "Hypnotic Poison": "Eau de Toilette",
}
LUXURY_BRANDS = [
    "xerjoff", "roja", "clive christian", "amouage", "kurkdjian", "kilian", "tom ford",
    "parfums de marly", "creed", "bortnikoff", "fragrance du bois", "nishane", "initio",
    "ensar oud", "frederic malle", "puredistance", "boadicea",
]

# --------------------------------------------------------------------------- beers
# BeerAdvocate style -> (flavour profile, sweetness 1-5, bitterness 1-5)
BEER_STYLES = {
    "American Amber / Red Ale": (["caramel malt", "toasted bread", "balanced hops"], 3, 3),
    "American Pale Ale (APA)": (["citrus hops", "pine", "biscuit malt"], 2, 4),
    "American Adjunct Lager": (["crisp", "light grain", "clean finish"], 2, 1),
    "German Pilsener": (["crisp", "floral hops", "bready malt"], 2, 3),
    "Light Lager": (["light", "crisp", "refreshing"], 2, 1),
    "Belgian Strong Dark Ale": (["dark fruit", "caramel", "spicy yeast", "warming"], 4, 2),
    "Kölsch": (["clean", "delicate fruit", "crisp finish"], 2, 2),
    "American Stout": (["roasted malt", "coffee", "dark chocolate"], 2, 4),
    "American Blonde Ale": (["soft malt", "honey", "light fruit"], 2, 2),
    "English Pale Ale": (["biscuit malt", "earthy hops", "marmalade"], 2, 3),
    "Vienna Lager": (["toasted malt", "light caramel", "crisp"], 3, 2),
    "Belgian Pale Ale": (["fruity yeast", "bready malt", "gentle spice"], 3, 2),
    "American Pale Wheat Ale": (["wheat", "lemon", "soft body"], 2, 2),
    "Belgian Strong Pale Ale": (["pear", "peppery yeast", "dry finish", "warming"], 3, 3),
    "American Pale Lager": (["crisp", "light malt", "clean finish"], 2, 2),
}

# --------------------------------------------------------------------------- other drinks
# Real, generic product styles (no brands). Fields:
# kind | name | style | abv | flavour profile (;) | sweetness | bitterness | price EUR | pack
# (an empty pack means a 750 ml bottle)
_BEVERAGES = """
tea|Darjeeling First Flush|Black tea|-|muscatel;fresh flowers;green apple|2|2|14.9|100 g loose leaf
tea|Darjeeling Second Flush|Black tea|-|muscatel;ripe fruit;malt|2|2|13.9|100 g loose leaf
tea|Assam Orthodox TGFOP|Black tea|-|malt;honey;brisk|2|3|8.9|100 g loose leaf
tea|Ceylon Uva Highgrown|Black tea|-|citrus;brisk;woody|2|3|8.5|100 g loose leaf
tea|Ceylon Nuwara Eliya|Black tea|-|floral;light;bright|2|2|9.9|100 g loose leaf
tea|Keemun Mao Feng|Black tea|-|cocoa;orchid;smoke|2|2|11.9|100 g loose leaf
tea|Lapsang Souchong|Black tea|-|pine smoke;resin;dried fruit|2|3|9.5|100 g loose leaf
tea|Yunnan Dian Hong Golden Tips|Black tea|-|malt;sweet potato;cocoa|3|2|12.9|100 g loose leaf
tea|Earl Grey|Black tea|-|bergamot;citrus;malt|2|2|7.9|100 g loose leaf
tea|English Breakfast|Black tea|-|malt;brisk;toasty|2|3|6.9|100 g loose leaf
tea|Irish Breakfast|Black tea|-|strong malt;brisk;full body|2|3|6.9|100 g loose leaf
tea|Russian Caravan|Black tea|-|light smoke;malt;wood|2|3|8.9|100 g loose leaf
tea|Ceylon Dimbula|Black tea|-|citrus;brisk;bright|2|3|8.9|100 g loose leaf
tea|Nilgiri Frost Tea|Black tea|-|fruity;floral;smooth|2|2|10.9|100 g loose leaf
tea|Kenya Milima|Black tea|-|bold;blackcurrant;brisk|2|3|7.5|100 g loose leaf
tea|Gyokuro|Green tea|-|umami;seaweed;sweet grass|2|1|24.9|100 g loose leaf
tea|Sencha Uji|Green tea|-|grassy;umami;fresh|2|2|12.9|100 g loose leaf
tea|Fukamushi Sencha|Green tea|-|deep green;umami;sweet|2|2|13.9|100 g loose leaf
tea|Bancha|Green tea|-|mild;hay;light|1|2|6.9|100 g loose leaf
tea|Hojicha|Green tea|-|roasted;caramel;nutty|2|1|9.9|100 g loose leaf
tea|Genmaicha|Green tea|-|toasted rice;grassy;nutty|2|1|7.9|100 g loose leaf
tea|Ceremonial Matcha|Green tea|-|umami;creamy;vegetal|2|2|22.9|30 g tin
tea|Kukicha|Green tea|-|creamy;nutty;light|2|1|8.9|100 g loose leaf
tea|Longjing Dragon Well|Green tea|-|chestnut;toasted;grassy|2|1|16.9|100 g loose leaf
tea|Bi Luo Chun|Green tea|-|fruity;floral;fresh|2|1|15.9|100 g loose leaf
tea|Gunpowder Green|Green tea|-|smoky;grassy;bold|1|2|5.9|100 g loose leaf
tea|Jasmine Dragon Pearls|Green tea|-|jasmine;honey;delicate|3|1|17.9|100 g loose leaf
tea|Tie Guan Yin|Oolong|-|orchid;creamy;butter|2|1|14.9|100 g loose leaf
tea|Da Hong Pao|Oolong|-|roasted;mineral;dark fruit|2|2|19.9|100 g loose leaf
tea|Dong Ding Oolong|Oolong|-|roasted nuts;honey;floral|3|1|15.9|100 g loose leaf
tea|Oriental Beauty|Oolong|-|honey;muscatel;peach|3|1|21.9|100 g loose leaf
tea|Alishan High Mountain Oolong|Oolong|-|floral;creamy;fresh|2|1|22.9|100 g loose leaf
tea|Jin Xuan Milk Oolong|Oolong|-|creamy;milky;floral|3|1|13.9|100 g loose leaf
tea|Silver Needle Bai Hao Yin Zhen|White tea|-|melon;hay;honey|3|1|23.9|100 g loose leaf
tea|White Peony Bai Mu Dan|White tea|-|floral;hay;fruity|2|1|12.9|100 g loose leaf
tea|Shou Mei|White tea|-|dried fruit;woody;honey|2|1|8.9|100 g loose leaf
tea|Shou Pu-erh|Pu-erh|-|earthy;dark wood;cocoa|2|1|12.9|100 g loose leaf
tea|Sheng Pu-erh|Pu-erh|-|apricot;camphor;mineral|2|3|18.9|100 g loose leaf
tea|Rooibos|Herbal infusion|-|honey;vanilla;woody|3|1|5.9|100 g loose leaf
tea|Honeybush|Herbal infusion|-|honey;apricot;floral|3|1|6.5|100 g loose leaf
tea|Chamomile Flowers|Herbal infusion|-|apple;honey;floral|3|1|5.9|50 g loose flowers
tea|Moroccan Peppermint|Herbal infusion|-|cool mint;fresh;clean|2|1|4.9|50 g loose leaf
tea|Masala Chai|Spiced black tea|-|cinnamon;cardamom;ginger|3|3|8.9|100 g loose leaf
tea|Yerba Mate|Herbal infusion|-|grassy;earthy;bittersweet|1|4|6.9|250 g loose leaf
tea|Hibiscus Flowers|Herbal infusion|-|tart;cranberry;floral|2|1|5.5|100 g loose flowers
tea|Lemon Verbena|Herbal infusion|-|lemon;herbal;fresh|2|1|6.9|50 g loose leaf
wine|Rioja Crianza|Tempranillo red wine|13.5|red cherry;vanilla;oak|1|2|11.9|
wine|Rioja Reserva|Tempranillo red wine|14.0|dried cherry;leather;vanilla|1|2|17.9|
wine|Ribera del Duero Crianza|Tempranillo red wine|14.0|blackberry;cocoa;oak|1|2|16.9|
wine|Priorat Tinto|Garnacha blend red wine|14.5|black fruit;licorice;slate|1|2|27.9|
wine|Albariño Rías Baixas|Albariño white wine|12.5|peach;citrus;saline|1|1|13.9|
wine|Rueda Verdejo|Verdejo white wine|13.0|fennel;lime;grass|1|1|8.9|
wine|Cava Brut Nature|Sparkling wine|11.5|green apple;brioche;citrus|1|1|10.9|
wine|Sancerre|Sauvignon Blanc white wine|12.5|gooseberry;flint;citrus|1|1|21.9|
wine|Pouilly-Fumé|Sauvignon Blanc white wine|13.0|citrus;smoke;mineral|1|1|22.9|
wine|Vouvray Demi-Sec|Chenin Blanc white wine|12.0|quince;honey;apple|3|1|15.9|
wine|Chablis|Chardonnay white wine|12.5|green apple;oyster shell;lemon|1|1|19.9|
wine|Bourgogne Pinot Noir|Pinot Noir red wine|13.0|red cherry;raspberry;forest floor|1|1|19.9|
wine|Beaujolais-Villages|Gamay red wine|12.5|strawberry;banana;violet|2|1|10.9|
wine|Côtes du Rhône|Grenache-Syrah red wine|14.0|raspberry;garrigue;pepper|1|2|9.9|
wine|Châteauneuf-du-Pape|Grenache blend red wine|14.5|kirsch;herbs;leather|1|2|39.9|
wine|Bordeaux Supérieur|Merlot-Cabernet red wine|13.5|blackcurrant;cedar;plum|1|2|13.9|
wine|Saint-Émilion Grand Cru|Merlot red wine|14.0|plum;truffle;cedar|1|2|34.9|
wine|Muscadet Sèvre et Maine|Melon de Bourgogne white wine|12.0|lemon;saline;yeasty|1|1|9.5|
wine|Côtes de Provence Rosé|Rosé wine|12.5|strawberry;peach;herbs|1|1|12.9|
wine|Champagne Brut|Sparkling wine|12.0|brioche;apple;citrus|1|1|39.9|
wine|Crémant d'Alsace Brut|Sparkling wine|12.0|pear;citrus;brioche|1|1|14.9|
wine|Alsace Riesling|Riesling white wine|12.5|lime;petrol;stone fruit|1|1|14.9|
wine|Alsace Gewurztraminer|Gewurztraminer white wine|13.5|lychee;rose;ginger|3|1|15.9|
wine|Mosel Riesling Kabinett|Riesling white wine|8.5|green apple;lime;slate|3|1|13.9|
wine|Rheingau Riesling Spätlese|Riesling white wine|9.0|peach;honey;citrus|4|1|18.9|
wine|Pfalz Spätburgunder|Pinot Noir red wine|13.0|cherry;smoke;earth|1|1|16.9|
wine|Wachau Grüner Veltliner|Grüner Veltliner white wine|12.5|white pepper;apple;lentil|1|1|14.9|
wine|Burgenland Blaufränkisch|Blaufränkisch red wine|13.0|dark cherry;pepper;fresh acidity|1|2|13.9|
wine|Chianti Classico|Sangiovese red wine|13.5|sour cherry;dried herbs;leather|1|2|16.9|
wine|Barolo|Nebbiolo red wine|14.0|rose;tar;cherry|1|3|44.9|
wine|Barbaresco|Nebbiolo red wine|14.0|red cherry;rose;spice|1|3|38.9|
wine|Valpolicella Ripasso|Corvina red wine|13.5|cherry;dried fruit;cocoa|2|2|17.9|
wine|Amarone della Valpolicella|Corvina red wine|15.5|raisin;chocolate;cherry|2|2|44.9|
wine|Prosecco Superiore Valdobbiadene|Sparkling wine|11.0|pear;white flowers;apple|2|1|12.9|
wine|Soave Classico|Garganega white wine|12.0|almond;pear;citrus|1|1|10.9|
wine|Montepulciano d'Abruzzo|Montepulciano red wine|13.0|plum;black cherry;herbs|1|2|8.9|
wine|Nero d'Avola Sicilia|Nero d'Avola red wine|13.5|black cherry;plum;spice|1|2|9.9|
wine|Primitivo di Manduria|Primitivo red wine|14.5|jammy plum;raisin;vanilla|2|2|15.9|
wine|Vinho Verde|White wine|10.5|lime;green apple;spritz|2|1|7.9|
wine|Douro Tinto|Touriga Nacional blend red wine|13.5|blackberry;violet;spice|1|2|12.9|
wine|Tawny Port 10 Years|Fortified wine|20.0|walnut;caramel;dried fig|4|1|29.9|
wine|Fino Sherry|Fortified wine|15.0|almond;saline;yeast|1|1|12.9|
wine|Marlborough Sauvignon Blanc|Sauvignon Blanc white wine|13.0|passion fruit;gooseberry|1|1|13.9|
wine|Barossa Valley Shiraz|Shiraz red wine|14.5|blackberry;chocolate;pepper|1|2|19.9|
wine|Mendoza Malbec|Malbec red wine|14.0|plum;violet;cocoa|1|2|12.9|
wine|Napa Cabernet Sauvignon|Cabernet Sauvignon red wine|14.5|blackcurrant;cedar;vanilla|1|3|44.9|
wine|Tokaji Aszú 5 Puttonyos|Dessert wine|11.0|apricot;honey;orange peel|5|1|34.9|500 ml
cider|Cidre Brut de Normandie|Dry cider|4.5|apple;dry;earthy|2|2|6.9|750 ml
cider|Cidre Doux de Bretagne|Sweet cider|2.5|ripe apple;honey;soft|4|1|6.5|750 ml
cider|Poiré Domfrontais|Perry|4.0|pear;floral;dry|3|1|9.9|750 ml
cider|Sidra Natural Asturiana|Natural cider|6.0|tart apple;funky;dry|1|2|5.9|700 ml
cider|Sagardoa Basque Cider|Natural cider|6.0|sour apple;cellar;dry|1|2|6.5|750 ml
cider|Frankfurter Apfelwein|Apple wine|5.5|tart apple;dry;refreshing|1|2|3.9|1 l
cider|Herefordshire Dry Cider|Dry cider|6.5|bittersweet apple;tannic;dry|1|3|4.9|500 ml
cider|Somerset Farmhouse Cider|Farmhouse cider|6.0|bittersweet apple;oak;dry|2|3|4.9|500 ml
cider|Québec Ice Cider|Ice cider|10.0|baked apple;honey;caramel|5|1|24.9|375 ml
cider|Rosé Cider|Fruit cider|4.0|red apple;berries;light|3|1|5.9|750 ml
cider|Dry-Hopped Cider|Hopped cider|5.5|apple;citrus hops;dry|2|3|4.5|330 ml
cider|Keeved Cidre Bouché|Keeved cider|4.0|apple;caramel;soft bubbles|3|1|8.9|750 ml
cider|Elderflower Cider|Flavoured cider|4.0|apple;elderflower;light|3|1|3.9|500 ml
cider|Quince Cider|Fruit cider|5.0|quince;apple;floral|3|1|6.9|750 ml
cider|Pommeau de Normandie|Apple aperitif|17.0|baked apple;caramel;oak|4|1|22.9|700 ml
juice|Cloudy Apple Juice Boskoop|Apple juice|-|tart apple;fresh;fruity|3|1|3.5|1 l
juice|Pear Juice Williams|Pear juice|-|ripe pear;honey;smooth|4|1|3.9|1 l
juice|Blood Orange Juice|Orange juice|-|blood orange;raspberry;tangy|3|1|4.9|1 l
juice|Pink Grapefruit Juice|Grapefruit juice|-|grapefruit;bittersweet;fresh|2|2|3.9|1 l
juice|Sour Cherry Nectar|Fruit nectar|-|sour cherry;tart;rich|3|1|3.9|1 l
juice|Blackcurrant Nectar|Fruit nectar|-|blackcurrant;tart;jammy|3|1|4.5|1 l
juice|Rhubarb Spritzer|Fruit spritzer|-|rhubarb;tart;sparkling|3|1|2.99|330 ml
juice|Elderflower Pressé|Flower pressé|-|elderflower;lemon;sparkling|3|1|3.5|750 ml
juice|Pomegranate Juice|Pomegranate juice|-|pomegranate;tannic;tart|2|2|5.9|750 ml
juice|Concord Grape Juice|Grape juice|-|concord grape;jammy;sweet|4|1|4.5|1 l
juice|Carrot and Ginger Juice|Vegetable juice|-|carrot;ginger;earthy|2|1|3.9|750 ml
juice|Passion Fruit Nectar|Fruit nectar|-|passion fruit;tropical;tangy|4|1|3.9|1 l
juice|Alphonso Mango Nectar|Fruit nectar|-|mango;tropical;creamy|4|1|4.5|1 l
juice|Cranberry Juice|Cranberry juice|-|cranberry;tart;dry|2|2|4.9|1 l
juice|Tomato Juice|Vegetable juice|-|tomato;savoury;salty|1|1|2.99|1 l
juice|Sea Buckthorn Nectar|Fruit nectar|-|sea buckthorn;tart;citrus|2|2|6.9|750 ml
juice|Quince Nectar|Fruit nectar|-|quince;floral;honey|3|1|4.9|750 ml
juice|Aronia Juice|Berry juice|-|aronia;tannic;dark berries|1|3|5.9|750 ml
juice|Sparkling Apple Juice|Apple juice|-|apple;sparkling;fresh|3|1|2.99|330 ml
kombucha|Original Black Tea Kombucha|Kombucha|0.5|black tea;tart apple;vinegar tang|2|1|3.5|330 ml
kombucha|Green Tea Kombucha|Kombucha|0.5|green tea;lemon;light|2|1|3.5|330 ml
kombucha|Ginger Lemon Kombucha|Kombucha|0.5|ginger;lemon;spicy|2|1|3.5|330 ml
kombucha|Hibiscus Kombucha|Kombucha|0.5|hibiscus;berries;tart|2|1|3.5|330 ml
kombucha|Raspberry Kombucha|Kombucha|0.5|raspberry;tart;fruity|3|1|3.5|330 ml
kombucha|Jasmine Kombucha|Kombucha|0.5|jasmine;floral;light|2|1|3.9|330 ml
kombucha|Yerba Mate Kombucha|Kombucha|0.5|yerba mate;citrus;earthy|2|2|3.9|330 ml
kombucha|Turmeric Kombucha|Kombucha|0.5|turmeric;ginger;earthy|2|1|3.9|330 ml
kombucha|Elderflower Kombucha|Kombucha|0.5|elderflower;pear;floral|3|1|3.5|330 ml
kombucha|Lavender Kombucha|Kombucha|0.5|lavender;honey;floral|2|1|3.9|330 ml
kombucha|Oolong Kombucha|Kombucha|0.5|oolong;stone fruit;toasty|2|1|3.9|330 ml
kombucha|Passion Fruit Kombucha|Kombucha|0.5|passion fruit;tropical;tart|3|1|3.5|330 ml
kombucha|Apple Cinnamon Kombucha|Kombucha|0.5|apple;cinnamon;warm spice|3|1|3.5|330 ml
kombucha|Blueberry Basil Kombucha|Kombucha|0.5|blueberry;basil;tart|2|1|3.9|330 ml
kombucha|Rooibos Kombucha|Kombucha|0.5|rooibos;vanilla;honey|3|1|3.5|330 ml
kombucha|Family-Size Original Kombucha|Kombucha|0.5|black tea;green apple;tangy|2|1|9.9|1 l
"""
BEVERAGES = []
for _line in _BEVERAGES.strip().splitlines():
    _kind, _name, _style, _abv, _profile, _sweet, _bitter, _price, _pack = _line.split("|")
    BEVERAGES.append({
        "kind": _kind, "name": _name, "style": _style,
        "abv": None if _abv == "-" else float(_abv),
        "flavor_profile": _profile.split(";"), "sweetness": int(_sweet),
        "bitterness": int(_bitter), "price_eur": float(_price), "pack": _pack or "750 ml",
    })

# Brewing hints by tea style, for descriptions.
TEA_BREWING = {
    "Black tea": "Brew at 95 °C for 3-4 minutes",
    "Spiced black tea": "Simmer with milk for 5 minutes",
    "Green tea": "Brew at 70-80 °C for 1-2 minutes",
    "Oolong": "Brew at 90 °C for 3 minutes, several infusions",
    "White tea": "Brew at 80 °C for 3-5 minutes",
    "Pu-erh": "Rinse, then brew at 95-100 °C in short infusions",
    "Herbal infusion": "Infuse in boiling water for 5-7 minutes",
}

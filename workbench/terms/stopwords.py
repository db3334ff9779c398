"""Function words, per language, that a proposed term may hold inside ("freedom of speech") but neither start nor
end with, and never consist of. Short lists written for this, compared as casefolded lemmas (matching.lemma_key),
so inflected forms ("were", "les") are covered by their lemma ("be", "le")."""
from __future__ import annotations

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("""
        a an the and or but nor if then else so as of at by for from in into on onto off out over under up down
        to with within without about above after against among around before behind below beneath beside between
        beyond during except near since through till toward towards until upon via than that this these those
        there here where when while why how what which who whom whose i me my mine myself you your yours yourself
        he him his himself she her hers herself it its itself we us our ours ourselves they them their theirs
        themselves one ones be am is are was were been being have has had having do does did doing will would
        shall should can could may might must ought not no yes all any both each either neither every few many
        much more most less least other another such some none own same only just very too also again ever never
        now once still yet even quite rather almost always often perhaps well say said s t don o oh mr mrs miss
        sir upon thus whom whether though although because
        """.split()),
    "fr": frozenset("""
        le la les l un une des du de d au aux et ou mais donc or ni car que qu qui quoi dont où ce cet cette ces
        c ça cela ceci celui celle ceux celles je j me m moi tu te t toi il elle on nous vous ils elles lui leur
        leurs se s soi mon ma mes ton ta tes son sa ses notre nos votre vos en y à dans par pour sur sous avec sans
        chez vers entre contre depuis pendant avant après devant derrière selon malgré être avoir faire aller
        dire pouvoir vouloir devoir ne pas plus moins très trop bien peu tout tous toute toutes même aussi ainsi
        alors encore déjà jamais toujours rien personne quelque quelques chaque autre autres tel telle si comme
        quand lorsque puisque parce non oui ah oh monsieur madame mademoiselle voilà voici là ici cependant
        donc puis enfin peut-être
        """.split()),
    "de": frozenset("""
        der die das den dem des ein eine einer eines einem einen und oder aber doch denn wenn als wie dass ob
        ich du er sie es wir ihr mich dich sich uns euch mir dir ihm ihnen mein dein sein unser euer in im an am
        auf aus bei mit nach seit von vom zu zum zur über unter vor hinter neben zwischen durch für gegen ohne um
        sein haben werden können müssen sollen wollen dürfen nicht kein keine auch noch schon nur sehr so da hier
        dort wo was wer welche dieser diese dieses jener alle man
        """.split()),
}


def stopwords(language: str) -> frozenset[str]:
    return STOPWORDS.get(language, frozenset())

"""What staff send to create or change a product (through BFF Web, to the catalog), and
how its attributes are checked per category: a book needs authors, a coffee an origin
and a roast, and unknown attribute names are refused rather than dropped."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from bookbrew.contracts.catalog import Category, ProductStatus, Sku

Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Labels = Annotated[list[Label], Field(max_length=40)]
Score = Annotated[int, Field(ge=1, le=5)]


class _Attributes(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BookAttributes(_Attributes):
    authors: Annotated[list[Label], Field(min_length=1, max_length=20)]
    year: Annotated[int, Field(ge=-3000, le=2100)] | None = None
    isbn: Annotated[str, StringConstraints(pattern=r"^[0-9Xx-]{9,17}$")] | None = None
    genres: Labels = []
    pages: Annotated[int, Field(ge=1, le=50_000)] | None = None
    average_rating: Annotated[float, Field(ge=0, le=5)] | None = None
    ratings_count: Annotated[int, Field(ge=0, le=10**9)] | None = None
    goodreads_book_id: Annotated[int, Field(ge=0, le=10**12)] | None = None


class NotePyramid(_Attributes):
    top: Labels = []
    heart: Labels = []
    base: Labels = []


class PerfumeAttributes(_Attributes):
    brand: Label
    notes: NotePyramid
    family: Literal[
        "floral",
        "woody",
        "oriental",
        "fresh",
        "citrus",
        "gourmand",
        "chypre",
        "fougere",
        "aromatic",
        "leather",
        "aquatic",
        "green",
        "spicy",
    ]
    concentration: Literal[
        "Eau de Parfum", "Eau de Toilette", "Parfum", "Extrait de Parfum", "Eau de Cologne"
    ]
    intensity: Literal["light", "moderate", "strong"] | None = None
    gender: Literal["feminine", "masculine", "unisex"] | None = None


class CoffeeAttributes(_Attributes):
    origin: Label
    region: Label | None = None
    producer: Label | None = None
    process: Literal["washed", "natural", "honey", "semi-washed", "other"]
    roast: Literal["light", "medium", "medium-dark", "dark"]
    variety: Label | None = None
    altitude_m: Annotated[int, Field(ge=0, le=6000)] | None = None
    flavor_notes: Labels = []
    acidity: Score | None = None
    body: Score | None = None
    cupping_score: Annotated[float, Field(ge=0, le=100)] | None = None


class BeverageAttributes(_Attributes):
    kind: Literal["beer", "tea", "wine", "juice", "cider", "kombucha", "spirit", "other"]
    style: Label
    producer: Label | None = None
    abv: Annotated[float, Field(ge=0, le=96)] | None = None
    flavor_profile: Labels = []
    sweetness: Score | None = None
    bitterness: Score | None = None


ATTRIBUTES_BY_CATEGORY: dict[str, TypeAdapter[Any]] = {
    "book": TypeAdapter(BookAttributes),
    "perfume": TypeAdapter(PerfumeAttributes),
    "coffee": TypeAdapter(CoffeeAttributes),
    "beverage": TypeAdapter(BeverageAttributes),
}


def validate_attributes(category: str, attributes: dict[str, Any]) -> dict[str, Any]:
    model = ATTRIBUTES_BY_CATEGORY[category].validate_python(attributes)
    return dict(model.model_dump(mode="json", exclude_none=True))


class PriceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: Annotated[int, Field(gt=0, le=100_000_000, description="Minor units")]
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "EUR"


ImageUrl = Annotated[str, StringConstraints(pattern=r"^(https?://|/)[^\s]{1,500}$")]


class ProductCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: Sku
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    description: Annotated[str, StringConstraints(max_length=5000)] = ""
    category: Category
    price: PriceIn
    stock: Annotated[int, Field(ge=0, le=10_000_000)] = 0
    images: Annotated[list[ImageUrl], Field(max_length=10)] = []
    tags: Annotated[
        list[
            Annotated[
                str,
                StringConstraints(
                    strip_whitespace=True, to_lower=True, min_length=1, max_length=50
                ),
            ]
        ],
        Field(max_length=30),
    ] = []
    status: ProductStatus = "active"
    attributes: dict[str, Any]
    popularity: Annotated[int, Field(ge=0, le=10**9)] = 0

    @model_validator(mode="after")
    def _attributes_fit_category(self) -> ProductCreate:
        self.attributes = validate_attributes(self.category, self.attributes)
        return self


def _drop_null_defaults(schema: dict[str, Any]) -> None:
    # A left-out field is no change, not a `null` default the client could send.
    for prop in schema.get("properties", {}).values():
        if "default" in prop and prop["default"] is None:
            del prop["default"]


class ProductUpdate(BaseModel):
    """Every field optional: only the fields sent change; `attributes`, when given,
    replaces them whole. None may be `null`: every product has a name, a price, a stock,
    a status, attributes, and a (maybe empty) description, image and tag list, so there
    is nothing a null could remove (send `""` or `[]` to empty one)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_drop_null_defaults)

    name: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
        | SkipJsonSchema[None]
    ) = None
    description: Annotated[str, StringConstraints(max_length=5000)] | SkipJsonSchema[None] = None
    price: PriceIn | SkipJsonSchema[None] = None
    stock: Annotated[int, Field(ge=0, le=10_000_000)] | SkipJsonSchema[None] = None
    images: Annotated[list[ImageUrl], Field(max_length=10)] | SkipJsonSchema[None] = None
    tags: (
        Annotated[
            list[
                Annotated[
                    str,
                    StringConstraints(
                        strip_whitespace=True, to_lower=True, min_length=1, max_length=50
                    ),
                ]
            ],
            Field(max_length=30),
        ]
        | SkipJsonSchema[None]
    ) = None
    status: ProductStatus | SkipJsonSchema[None] = None
    attributes: dict[str, Any] | SkipJsonSchema[None] = None

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        # Runs only for fields sent: a left-out field keeps its default and is no change.
        if value is None:
            raise ValueError("leave the field out to keep it; it cannot be null")
        return value


class StockAdjustment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    delta: Annotated[int, Field(ge=-10_000_000, le=10_000_000)]
    reason: Annotated[str, StringConstraints(max_length=200)] = "manual adjustment"

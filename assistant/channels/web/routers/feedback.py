"""``POST /api/feedback``: a thumbs up or down (and an optional comment) on one answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field, StringConstraints

from ....storage.database import FeedbackRecord, Rating
from ..deps import StorageDep
from ..guards import rate_limit
from ..problems import PROBLEM_RESPONSES, Problem
from ..textfields import CommentText

router = APIRouter(prefix="/api", tags=["feedback"], dependencies=[Depends(rate_limit)])


class FeedbackIn(BaseModel):
    answer_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")] = Field(
        description="the answer_id returned with the answer"
    )
    rating: Rating
    comment: CommentText | None = Field(default=None, description="at most 2000 characters; control characters "
                                                                   "but line breaks and tabs are removed")


class FeedbackOut(BaseModel):
    answer_id: str
    rating: Rating
    stored: bool = True


@router.post(
    "/feedback",
    response_model=FeedbackOut,
    responses={**PROBLEM_RESPONSES, 404: {"model": Problem, "description": "no answer has that id"}},
)
def give_feedback(body: FeedbackIn, storage: StorageDep) -> FeedbackOut:
    storage.save_feedback(FeedbackRecord(answer_id=body.answer_id, rating=body.rating, comment=body.comment or None))
    return FeedbackOut(answer_id=body.answer_id, rating=body.rating)

"""One widget a file. Answer widgets post quizapp.messages.AnswerSubmitted (or SelfRated) upwards."""

! AFVOER - afvoer per meting uit de peil-afvoerrelatie van het gemaal (Q = C * H**1.5)
subroutine afvoer(n)
  implicit none
  include 'peilcom.inc'
  integer, intent(in) :: n
  integer :: i
  real, parameter :: c = 1.84
  do i = 1, n
    if (h(i) > 0.0) then
      q(i) = c * h(i)**1.5
    else
      q(i) = 0.0
    end if
  end do
end subroutine afvoer
